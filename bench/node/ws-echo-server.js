'use strict';
// Echo and broadcast peer on ws 8.23.0 (with bufferutil and utf-8-validate): permessage-deflate off,
// 64 MiB messages, no client tracking or heartbeat, one Node.js thread. Every message comes back with
// its own type; a message on a /broadcast connection goes to every open /broadcast connection.
// Usage: node ws-echo-server.js --port P [--host H]

const { WebSocketServer } = require('ws');
const { MAX_MESSAGE_BYTES, parseArgs, isBroadcast, announce } = require('./peer-args');

const { host, port } = parseArgs(process.argv.slice(2));
const broadcastGroup = new Set();

const server = new WebSocketServer({
  host,
  port,
  perMessageDeflate: false,
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
