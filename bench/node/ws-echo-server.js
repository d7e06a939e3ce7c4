'use strict';
// Echo and broadcast peer on ws 8.23.0 (with bufferutil and utf-8-validate): permessage-deflate off
// unless `--compression on` (then `{ threshold: 0 }`, every message compressed, and otherwise ws's
// defaults: zlib level 6, memLevel 8, concurrencyLimit 10, server context takeover kept), 64 MiB
// messages, no client tracking or heartbeat, one Node.js thread. Every message comes back with its own
// type; a message on a /broadcast connection goes to every open /broadcast connection.
// With --tls-cert and --tls-key it serves wss: an https.Server with that certificate chain and key and
// Node's TLS defaults (OpenSSL as Node is built with it), which ws upgrades on.
// Usage: node ws-echo-server.js --port P [--host H] [--compression on|off] [--tls-cert CERT.pem --tls-key KEY.pem]

const fs = require('fs');
const https = require('https');
const { WebSocketServer } = require('ws');
const { MAX_MESSAGE_BYTES, parseArgs, isBroadcast, announce, announceTls } = require('./peer-args');

const args = parseArgs(process.argv.slice(2));
const { host, port, compression = 'off' } = args;
if (compression !== 'on' && compression !== 'off') {
  throw new Error(`--compression must be on or off, not ${compression}`);
}
if ((args['tls-cert'] === undefined) !== (args['tls-key'] === undefined)) {
  throw new Error('--tls-cert and --tls-key go together');
}
const broadcastGroup = new Set();

const options = {
  perMessageDeflate: compression === 'on' ? { threshold: 0 } : false,
  maxPayload: MAX_MESSAGE_BYTES,
  clientTracking: false
};
let httpsServer = null;
if (args['tls-cert'] !== undefined) {
  httpsServer = https.createServer({ cert: fs.readFileSync(args['tls-cert']), key: fs.readFileSync(args['tls-key']) });
  options.server = httpsServer;
} else {
  options.host = host;
  options.port = port;
}
const server = new WebSocketServer(options);

server.on('connection', (ws, request) => {
  ws.on('error', () => {});
  if (!isBroadcast(request.url)) {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    return;
  }
  broadcastGroup.add(ws);
  ws.on('close', () => broadcastGroup.delete(ws));
  ws.on('message', (data, isBinary) => {
    for (const member of broadcastGroup) member.send(data, { binary: isBinary });
  });
});

if (httpsServer !== null) {
  announceTls(`OpenSSL ${process.versions.openssl} (Node.js ${process.version} https)`);
  httpsServer.listen(port, host, () => announce(httpsServer.address().port));
} else {
  server.on('listening', () => announce(server.address().port));
}
