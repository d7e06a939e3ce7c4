'use strict';
// Echo and broadcast peer on WebSocket-Node (the `websocket` package, 1.0.35) behind a plain Node
// http server: 64 MiB frames and messages, no outgoing fragmentation, no keepalive pings, Nagle off
// (its default), no compression (the package has none), one Node.js thread. Every message comes back
// with its own type; a message on a /broadcast connection goes to every open /broadcast connection.
// Usage: node websocket-echo-server.js --port P [--host H]

const http = require('http');
const WebSocketServer = require('websocket').server;
const { MAX_MESSAGE_BYTES, parseArgs, isBroadcast, announce } = require('./peer-args');

const { host, port } = parseArgs(process.argv.slice(2));
const broadcastGroup = new Set();

const httpServer = http.createServer((request, response) => {
  response.writeHead(426, { 'Content-Type': 'text/plain' });
  response.end('WebSocket only\n');
});

const server = new WebSocketServer({
  httpServer,
  autoAcceptConnections: false,
  maxReceivedFrameSize: MAX_MESSAGE_BYTES,
  maxReceivedMessageSize: MAX_MESSAGE_BYTES,
  fragmentOutgoingMessages: false,
  keepalive: false
});

function send(connection, message) {
  if (message.type === 'utf8') {
    connection.sendUTF(message.utf8Data);
  } else {
    connection.sendBytes(message.binaryData);
  }
}

server.on('request', (request) => {
  const connection = request.accept(null, request.origin);
  connection.on('error', () => {});
  if (!isBroadcast(request.resource)) {
    connection.on('message', (message) => send(connection, message));
    return;
  }
  broadcastGroup.add(connection);
  connection.on('close', () => broadcastGroup.delete(connection));
  connection.on('message', (message) => {
    for (const member of broadcastGroup) send(member, message);
  });
});

httpServer.listen(port, host, () => announce(httpServer.address().port));
