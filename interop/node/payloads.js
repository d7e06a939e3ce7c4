// Deterministic messages for the permessage-deflate interop checks (the same bytes on every run, so a
// failure reproduces). Three kinds of content:
//  - random: incompressible (random bytes, or random printable ASCII for text);
//  - phrase: one sentence repeated, highly compressible with short back-references;
//  - far: random blocks, each followed by a copy of itself, so the only redundancy is a repeat at a
//    distance of 300, 1000, 5000 or 20000 bytes. A compressor may use such a repeat only if it fits
//    the negotiated window (RFC 7692 §7.1.2); one that ignores a smaller window makes the peer's
//    inflater fail with "invalid distance too far back".
// And windowProbe(), which makes such a failure certain rather than likely on Node (see there).
// Run as a script, prints the messages bin/wscat sends (messagesForWscat), one per line.
'use strict';

const FAR_DISTANCES = [300, 1000, 5000, 20000];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_()[]{}<>!?/=+*&%$#@';
const PHRASE = 'All work and no play makes Jack a dull boy. ';
const UTF8_PHRASE = 'héllo wörld ✓ 😀 ';
const MIB = 1024 * 1024;

/** mulberry32: a small seeded generator of 32-bit values; fine for test data, not for masks. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function random(size, seed, isText) {
  const next = generator(seed);
  const out = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) {
    const value = next();
    out[i] = isText ? ALPHABET.charCodeAt(value % ALPHABET.length) : value & 0xff;
  }
  return out;
}

function phrase(size) {
  return Buffer.from(PHRASE.repeat(Math.ceil(size / PHRASE.length)).slice(0, size));
}

function far(size, seed, isText) {
  const out = Buffer.allocUnsafe(size);
  let position = 0;
  for (let block = 0; position < size; block++) {
    const distance = FAR_DISTANCES[block % FAR_DISTANCES.length];
    const data = random(distance, seed + block, isText);
    for (let copy = 0; copy < 2 && position < size; copy++) {
      position += data.copy(out, position, 0, Math.min(distance, size - position));
    }
  }
  return out;
}

/**
 * Random filler in which a block repeats at distance 300, 1000 and 5000 across the first, second and
 * third 16 KiB boundary of the message. Node's zlib inflater (ws's) only meets the window limit at
 * such boundaries: it inflates into 16 KiB output chunks, and a back-reference within the current
 * chunk is served from that chunk whatever its distance, while one reaching into an earlier chunk
 * must come from the window of 2^windowBits bytes. Sent first on a connection, where the output
 * chunks start at the message's first byte, this fails any compressor that uses repeats farther
 * back than windows of 8 (300), 9 (1000) or 10 to 12 bits (5000) allow.
 */
function windowProbe(isText) {
  const chunkBytes = 16 * 1024;
  const distances = [300, 1000, 5000];
  const out = random(distances.length * chunkBytes + distances[distances.length - 1] / 2, 300, isText);
  distances.forEach((distance, i) => {
    const repeatStart = (i + 1) * chunkBytes - distance / 2;
    out.copy(out, repeatStart, repeatStart - distance, repeatStart);
  });
  return out;
}

function text(label, data) {
  return { label: `text ${label}`, data, isBinary: false };
}

function binary(label, data) {
  return { label: `binary ${label}`, data, isBinary: true };
}

/** A message sent in several frames; `cuts` are the offsets where a new fragment starts. */
function fragmented(message, cuts) {
  const bounds = [0, ...cuts, message.data.length];
  const fragments = bounds.slice(1).map((end, i) => message.data.subarray(bounds[i], end));
  return { ...message, label: `${message.label} in ${fragments.length} fragments`, fragments };
}

/**
 * What the Node client sends on each connection, in order: the window probe, then sizes 0 B to 1 MiB of every kind, text
 * and binary, a message repeated right after itself (context takeover across messages lets the
 * repeat compress to almost nothing) and fragmented messages whose repeats cross fragment bounds.
 */
function messagesForClient() {
  const far5000 = text('far 5000', far(5000, 50, true));
  return [
    text('window probe', windowProbe(true)),
    text('empty', Buffer.alloc(0)),
    binary('empty', Buffer.alloc(0)),
    text('1 byte', Buffer.from('x')),
    binary('1 byte', Buffer.from([0xff])),
    text('phrase 100', phrase(100)),
    binary('random 100', random(100, 1, false)),
    text('random 1000', random(1000, 2, true)),
    text('far 1000', far(1000, 10, true)),
    binary('random 1000', random(1000, 3, false)),
    far5000,
    { ...far5000, label: 'text far 5000 again' },
    binary('phrase 5000', phrase(5000)),
    binary('far 5000', far(5000, 60, false)),
    text('UTF-8 5000', Buffer.from(UTF8_PHRASE.repeat(250))),
    text('far 70000', far(70000, 70, true)),
    binary('far 70000', far(70000, 80, false)),
    binary('random 70000', random(70000, 4, false)),
    text('random 70000', random(70000, 5, true)),
    fragmented(text('far 20000', far(20000, 90, true)), [7000, 13000]),
    fragmented(binary('far 2000', far(2000, 100, false)), [300, 1000]),
    binary('random 1 MiB', random(MIB, 6, false)),
    text('far 1 MiB', far(MIB, 110, true)),
    text('phrase 1 MiB', phrase(MIB)),
    text('phrase 1000', phrase(1000)),
  ];
}

/**
 * What bin/wscat sends to the Node echo server (text without newlines, since wscat prints one
 * message per line): the window probe, a short phrase, then far repeats up to 5000 bytes apart
 * twice, the second of which a compressor keeping its context may take from the first.
 */
function messagesForWscat() {
  const repeated = far(2 * (300 + 1000 + 5000), 200, true).toString();
  return [windowProbe(true).toString(), PHRASE.repeat(5), repeated, repeated];
}

module.exports = { messagesForClient, messagesForWscat };

if (require.main === module) {
  for (const message of messagesForWscat()) console.log(message);
}
