// A Node ws echo server with permessage-deflate, one configuration ("variant") per path, for
// bin/wscat to send payloads.messagesForWscat() to. Per connection it prints one line:
//   variant NAME: ok (offer ..., answer ..., sizes as sent and as they arrived compressed)
//   variant NAME: FAIL <reason>
// FAIL covers an 'error' event (a zlib error such as "invalid distance too far back" when the client
// compressed beyond the negotiated window), a close with 1002/1007/1009, a message that differs from
// the expected one, one of 1 KiB or more that arrived uncompressed, a missing message, and a
// connection without permessage-deflate.
// Usage: node deflate-echo-server.js PORT; prints "listening <port>", then "variants <names>".
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');
const { messagesForWscat } = require('./payloads');
const { WireMessages } = require('./wire-messages');

// threshold 0: compress every echo, even small ones without context takeover. ws (through zlib)
// compresses with a 9-bit window when told 8, so window-8 also checks that our inflater copes.
const variants = {
  'threshold-0': { threshold: 0 },
  'window-9': { serverMaxWindowBits: 9, clientMaxWindowBits: 9, threshold: 0 },
  'window-8': { serverMaxWindowBits: 8, clientMaxWindowBits: 8, threshold: 0 },
  'client-window-12': { clientMaxWindowBits: 12, threshold: 0 },
  'no-context-takeover': { serverNoContextTakeover: true, clientNoContextTakeover: true, threshold: 0 },
};
const FAILURE_CLOSE_CODES = [1002, 1007, 1009];
// A client may send small messages uncompressed (ws and our client skip those under 1 KiB when they
// reset their context per message); larger ones must come compressed.
const COMPRESSED_FROM_BYTES = 1024;
const expected = messagesForWscat().map((message) => Buffer.from(message));

function serve(name, ws, request, answer) {
  const wire = new WireMessages().watch(request.socket);
  const offer = request.headers['sec-websocket-extensions'];
  let received = 0;
  let isReported = false;

  function report(outcome) {
    if (isReported) return;
    isReported = true;
    console.log(`variant ${name}: ${outcome}`);
  }

  if (!ws.extensions.split(',').includes('permessage-deflate')) {
    report(`FAIL permessage-deflate not negotiated (offer "${offer}", answer "${answer}")`);
  }
  ws.on('error', (error) => report(`FAIL error event: ${error.code || ''} ${error.message}`));
  ws.on('message', (data, isBinary) => {
    const want = expected[received++];
    if (want === undefined) {
      report(`FAIL unexpected message ${received} of ${data.length} bytes`);
    } else if (isBinary || !data.equals(want)) {
      report(`FAIL message ${received} differs: ${isBinary ? 'binary' : 'text'}, ${data.length} bytes, `
        + `expected text of ${want.length} bytes`);
    }
    ws.send(data, { binary: isBinary });
  });
  ws.on('close', (code, reason) => {
    if (FAILURE_CLOSE_CODES.includes(code)) {
      report(`FAIL closed with ${code} "${reason}"`);
    } else if (received !== expected.length) {
      report(`FAIL got ${received} of ${expected.length} messages (close ${code})`);
    } else if (wire.messages.some((seen, i) => !seen.isCompressed && expected[i].length >= COMPRESSED_FROM_BYTES)) {
      const flags = wire.messages.map((seen) => (seen.isCompressed ? 'compressed' : 'uncompressed'));
      report(`FAIL a message of ${COMPRESSED_FROM_BYTES} bytes or more arrived uncompressed (RSV1): ${flags.join(', ')}`);
    } else {
      const sizes = expected.map((message) => message.length).join('+');
      const onWire = wire.messages.map((seen) => seen.wireBytes).join('+');
      report(`ok (offer "${offer}", answer "${answer}"; ${received} messages identical, `
        + `${sizes} bytes arrived compressed as ${onWire}; close ${code})`);
    }
  });
}

const servers = new Map();
for (const [name, perMessageDeflate] of Object.entries(variants)) {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate });
  const answers = new WeakMap();
  wss.on('headers', (headers, request) => {
    const header = headers.find((line) => /^sec-websocket-extensions:/i.test(line));
    answers.set(request, header === undefined ? undefined : header.replace(/^[^:]*:\s*/, ''));
  });
  wss.on('connection', (ws, request) => serve(name, ws, request, answers.get(request)));
  servers.set(name, wss);
}

const server = http.createServer((request, response) => response.writeHead(426).end());
server.on('upgrade', (request, socket, head) => {
  const wss = servers.get(new URL(request.url, 'http://localhost').pathname.slice(1));
  if (wss === undefined) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    return;
  }
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
  console.log(`variants ${[...servers.keys()].join(' ')}`);
});
