'use strict';
// The command line and conventions both Node peers share: --port P [--host H] [--name value]... (ws
// also reads --compression on|off and --tls-cert/--tls-key), the /broadcast group path, the 64 MiB
// message limit, the `listening <port>` line the benchmark waits for and the `tls provider` line
// before it when serving wss.

const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

function parseArgs(argv) {
  const options = { host: '127.0.0.1', port: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    if (!name.startsWith('--') || i + 1 === argv.length) {
      throw new Error(`usage: --port P [--host H]; bad argument: ${name}`);
    }
    options[name.slice(2)] = argv[i + 1];
  }
  options.port = Number.parseInt(options.port, 10);
  if (!Number.isInteger(options.port)) throw new Error('--port is required');
  return options;
}

/** Whether a request target (path, maybe with a query) joins the broadcast group. */
function isBroadcast(target) {
  return target.split('?', 1)[0] === '/broadcast';
}

function announce(port) {
  process.stdout.write(`listening ${port}\n`);
}

/** Which TLS implementation serves wss, before the ready line: the benchmark checks it. */
function announceTls(provider) {
  process.stdout.write(`tls provider ${provider}\n`);
}

module.exports = { MAX_MESSAGE_BYTES, parseArgs, isBroadcast, announce, announceTls };
