// A Node `ws` echo server (compression off) for interop checks. Prints "listening <port>" once bound.
// Given a path instead of a port, it listens on a Unix domain socket there (ws+unix: URLs reach it)
// and prints "listening <path>".
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const where = process.argv[2] || '0';
let wss;
if (/^[0-9]+$/.test(where)) {
  wss = new WebSocketServer({ host: '127.0.0.1', port: Number(where), perMessageDeflate: false });
  wss.on('listening', () => console.log(`listening ${wss.address().port}`));
} else {
  // ws has no path option for this: it listens through an HTTP server, as its README shows.
  const server = http.createServer();
  wss = new WebSocketServer({ server, perMessageDeflate: false });
  server.listen(where, () => console.log(`listening ${where}`));
}
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
