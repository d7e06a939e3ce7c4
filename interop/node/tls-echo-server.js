// A Node `ws` echo server over https (compression off) for the TLS interop checks: serves CERT/KEY,
// and with a CA file asks for a client certificate signed by it (rejecting clients without one).
// Prints "listening <port>" once bound.
'use strict';
const fs = require('fs');
const https = require('https');
const { WebSocketServer } = require('ws');

const [cert, key, clientCa] = process.argv.slice(2);
const options = { cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
if (clientCa) {
  Object.assign(options, { ca: fs.readFileSync(clientCa), requestCert: true, rejectUnauthorized: true });
}
const server = https.createServer(options);
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const peer = req.socket.getPeerCertificate();
  ws.on('message', (data, isBinary) => {
    // With client certificates on, the echo says whose certificate it was, so the check sees it arrived.
    const text = clientCa && !isBinary ? `${data} from ${peer.subject.CN}` : data;
    ws.send(text, { binary: isBinary });
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
