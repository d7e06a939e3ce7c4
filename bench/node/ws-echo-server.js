'use strict';
// Echo and broadcast peer on ws 8.23.0 (with bufferutil and utf-8-validate): permessage-deflate off
// unless `--compression on` (then `{ threshold: 0 }`, every message compressed, and otherwise ws's
// defaults: zlib level 6, memLevel 8, concurrencyLimit 10, server context takeover kept), 64 MiB
// messages, no client tracking or heartbeat, one Node.js thread. Every message comes back with its own
// type; a message on a /broadcast connection goes to every open /broadcast connection.
// Usage: node ws-echo-server.js --port P [--host H] [--compression on|off]

const { WebSocketServer } = require('ws');
const { MAX_MESSAGE_BYTES, parseArgs, isBroadcast, announce } = require('./peer-args');

const { host, port, compression = 'off' } = parseArgs(process.argv.slice(2));
if (compression !== 'on' && compression !== 'off') {
  throw new Error(`--compression must be on or off, not ${compression}`);
}
const broadcastGroup = new Set();

const server = new WebSocketServer({
  host,
  port,
  perMessageDeflate: compression === 'on' ? { threshold: 0 } : false,
  maxPayload: MAX_MESSAGE_BYTES,
  clientTracking: false
});

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

server.on('listening', () => announce(server.address().port));
