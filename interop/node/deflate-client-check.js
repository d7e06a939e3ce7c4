// Drives an echo server that accepts every permessage-deflate offer and compresses every message it
// sends (bin/testee server) with Node's ws client, once per client configuration below. For each it
// checks the Sec-WebSocket-Extensions answer, that every echo (0 B to 1 MiB, text and binary,
// repeated, fragmented; see payloads.js) comes back byte-identical, and that every non-empty echo
// arrived compressed. Exits non-zero on the first mismatch, error event (zlib errors included) or
// unexpected close. Usage: node deflate-client-check.js ws://127.0.0.1:PORT/
'use strict';
const util = require('util');
const WebSocket = require('ws');
const { messagesForClient } = require('./payloads');
const { WireMessages } = require('./wire-messages');

const url = process.argv[2];
const TIMEOUT_MS = 20000;

/** Window sizes 8..bits, or none: what a server may answer to client_max_window_bits=bits. */
function windowUpTo(bits) {
  return [undefined, ...Array.from({ length: bits - 7 }, (_, i) => 8 + i)];
}

// `expect` lists the parameters the answer may carry and their allowed values (undefined: may be
// left out); any other parameter fails the check. The server has no limits of its own, so it grants
// what is asked: server_max_window_bits=N and server_no_context_takeover must come back (RFC 7692
// §7.1.2.1, §7.1.1.1); client_no_context_takeover and client_max_window_bits may (§7.1.1.2,
// §7.1.2.2), the latter no larger than offered (ws offers it bare unless given a number).
// threshold 0 makes ws compress every message even without context takeover (with takeover it
// compresses every message anyway, which `true` relies on).
const configs = [
  { options: true, expect: { client_max_window_bits: [undefined, 15] } },
  ...[8, 9, 10, 12, 15].map((bits) => ({
    options: { serverMaxWindowBits: bits, threshold: 0 },
    expect: { server_max_window_bits: [bits], client_max_window_bits: [undefined, 15] },
  })),
  ...[9, 11, 15].map((bits) => ({
    options: { clientMaxWindowBits: bits, threshold: 0 },
    expect: { client_max_window_bits: windowUpTo(bits) },
  })),
  {
    options: { serverNoContextTakeover: true, clientNoContextTakeover: true, threshold: 0 },
    expect: {
      server_no_context_takeover: [true],
      client_no_context_takeover: [undefined, true],
      client_max_window_bits: [undefined, 15],
    },
  },
  {
    options: {
      serverNoContextTakeover: true, clientNoContextTakeover: true,
      serverMaxWindowBits: 9, clientMaxWindowBits: 9, threshold: 0,
    },
    expect: {
      server_no_context_takeover: [true],
      client_no_context_takeover: [undefined, true],
      server_max_window_bits: [9],
      client_max_window_bits: windowUpTo(9),
    },
  },
];

/**
 * Parses a Sec-WebSocket-Extensions value (RFC 6455 §9.1) into [{ name, params }], a parameter
 * without a value being `true`. Lenient: enough to check an answer, not to validate one.
 */
function parseExtensions(value) {
  return value.split(',').map((item) => {
    const [name, ...params] = item.split(';').map((part) => part.trim());
    const parsed = {};
    for (const param of params) {
      const equals = param.indexOf('=');
      if (equals < 0) {
        parsed[param] = true;
      } else {
        const raw = param.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1');
        parsed[param.slice(0, equals).trim()] = /^\d+$/.test(raw) ? Number(raw) : raw;
      }
    }
    return { name, params: parsed };
  });
}

function checkAnswer(answer, expect) {
  if (answer === undefined) throw new Error('the 101 response has no Sec-WebSocket-Extensions');
  const extensions = parseExtensions(answer);
  if (extensions.length !== 1 || extensions[0].name !== 'permessage-deflate') {
    throw new Error(`expected exactly permessage-deflate, got "${answer}"`);
  }
  const { params } = extensions[0];
  for (const name of new Set([...Object.keys(params), ...Object.keys(expect)])) {
    const allowed = expect[name] || [];
    if (!allowed.includes(params[name])) {
      throw new Error(`answer "${answer}": ${name} is ${params[name] === undefined ? 'missing' : params[name]}, `
        + `expected ${allowed.map((v) => (v === undefined ? 'none' : v)).join(' or ')}`);
    }
  }
}

function describeMismatch(got, want) {
  if (got.length !== want.length) return `${got.length} bytes instead of ${want.length}`;
  let at = 0;
  while (got[at] === want[at]) at++;
  return `first difference at byte ${at} of ${want.length}`;
}

function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

/** One connection with `config`: resolves with a summary, rejects with what went wrong. */
function check(config, messages) {
  return new Promise((resolve, reject) => {
    const wire = new WireMessages();
    let answer;
    let received = 0;
    let isDone = false;
    const timer = setTimeout(() => fail(new Error(`timed out after ${received} echoes`)), TIMEOUT_MS);
    const ws = new WebSocket(url, { perMessageDeflate: config.options });

    function fail(error) {
      clearTimeout(timer);
      ws.terminate();
      reject(error);
    }

    ws.on('upgrade', (response) => {
      answer = response.headers['sec-websocket-extensions'];
      wire.watch(response.socket);
    });
    ws.on('error', (error) => fail(new Error(`error event: ${error.code || ''} ${error.message}`.trim())));
    ws.on('unexpected-response', (request, response) => fail(new Error(`HTTP ${response.statusCode} to the upgrade`)));
    ws.on('open', () => {
      try {
        checkAnswer(answer, config.expect);
        if (!ws.extensions.split(',').includes('permessage-deflate')) {
          throw new Error(`ws.extensions is "${ws.extensions}"`);
        }
      } catch (error) {
        fail(error);
        return;
      }
      for (const message of messages) {
        if (message.fragments) {
          message.fragments.forEach((fragment, i) => ws.send(fragment,
            { binary: message.isBinary, fin: i === message.fragments.length - 1 }));
        } else {
          ws.send(message.data, { binary: message.isBinary });
        }
      }
    });
    ws.on('message', (data, isBinary) => {
      const want = messages[received++];
      if (want === undefined) {
        fail(new Error(`unexpected extra message of ${data.length} bytes`));
      } else if (isBinary !== want.isBinary) {
        fail(new Error(`echo of ${want.label} came back as ${isBinary ? 'binary' : 'text'}`));
      } else if (!data.equals(want.data)) {
        fail(new Error(`echo of ${want.label} differs: ${describeMismatch(data, want.data)}`));
      } else if (received === messages.length) {
        isDone = true;
        ws.close(4000, 'done');
      }
    });
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      if (!isDone || code !== 4000) {
        reject(new Error(`closed with ${code} "${reason}" after ${received} of ${messages.length} echoes`));
        return;
      }
      // Below 15 bits our server sends a whole message uncompressed when compressing it in so small
      // a window would not shrink it (RFC 7692 leaves that choice to the sender); most must still
      // arrive compressed, or the window checks above would test nothing.
      const smallWindow = ((config.options && config.options.serverMaxWindowBits) || 15) < 15;
      const plain = wire.messages.filter((seen, i) => !seen.isCompressed && messages[i].data.length > 0).length;
      const uncompressed = wire.messages.findIndex((seen, i) => !seen.isCompressed && messages[i].data.length > 0);
      if (wire.messages.length !== messages.length) {
        reject(new Error(`saw ${wire.messages.length} data messages on the wire, expected ${messages.length}`));
      } else if (uncompressed >= 0 && (!smallWindow || plain * 2 > messages.length)) {
        reject(new Error(`echo of ${messages[uncompressed].label} arrived uncompressed (RSV1 clear)`
            + (smallWindow ? `; ${plain} of ${messages.length} did` : '')));
      } else {
        const raw = messages.reduce((sum, message) => sum + message.data.length, 0);
        const onWire = wire.messages.reduce((sum, seen) => sum + seen.wireBytes, 0);
        resolve(`answer "${answer}"; ${received} echoes, ${megabytes(raw)} arrived as ${megabytes(onWire)}`);
      }
    });
  });
}

async function main() {
  const messages = messagesForClient();
  for (const config of configs) {
    const name = `permessage-deflate ${util.inspect(config.options, { breakLength: Infinity })}`;
    try {
      const summary = await check(config, messages);
      console.log(`interop check (ws client, ${name}) against ${url}: ok (${summary})`);
    } catch (error) {
      console.error(`interop check (ws client, ${name}) against ${url} failed: ${error.message}`);
      process.exit(1);
    }
  }
}

main();
