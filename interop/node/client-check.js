// Drives a server under test with Node's `ws` client: text, binary, a 1 MiB message, a fragmented
// message, ping/pong and a close handshake. Exits 0 when every echo and event came back as expected.
'use strict';
const assert = require('assert');
const crypto = require('crypto');
const WebSocket = require('ws');

const url = process.argv[2];
const big = crypto.randomBytes(1024 * 1024);
const expected = [
  { data: Buffer.from('hello from node ws'), binary: false },
  { data: Buffer.from([0, 1, 2, 254, 255]), binary: true },
  { data: big, binary: true },
  { data: Buffer.from('frag1frag2'), binary: false },
  { data: Buffer.from('héllo wörld ✓ 😀'), binary: false },
];
const timer = setTimeout(() => fail(new Error('timed out')), 10000);
let received = 0;
let ponged = false;

function fail(error) {
  console.error(`interop check against ${url} failed: ${error.message}`);
  process.exit(1);
}

const ws = new WebSocket(url, { perMessageDeflate: false });
ws.on('error', fail);
ws.on('open', () => {
  ws.send(expected[0].data.toString());
  ws.send(expected[1].data);
  ws.send(big);
  ws.send('frag1', { fin: false });
  ws.send('frag2', { fin: true });
  ws.send(expected[4].data.toString());
  ws.ping(Buffer.from('are you there'));
});
ws.on('pong', (data) => {
  assert.strictEqual(data.toString(), 'are you there');
  ponged = true;
});
ws.on('message', (data, isBinary) => {
  try {
    const want = expected[received++];
    assert.strictEqual(isBinary, want.binary, `message ${received} binary flag`);
    assert.ok(Buffer.compare(data, want.data) === 0, `message ${received} content`);
    if (received === expected.length) ws.close(4000, 'done');
  } catch (error) {
    fail(error);
  }
});
ws.on('close', (code, reason) => {
  clearTimeout(timer);
  try {
    assert.ok(ponged, 'pong received');
    assert.strictEqual(received, expected.length, 'all echoes received');
    assert.strictEqual(code, 4000);
    assert.strictEqual(reason.toString(), 'done');
  } catch (error) {
    fail(error);
  }
  console.log(`interop check against ${url}: ok (${received} echoes, pong, close 4000)`);
});
