// Watches the raw bytes of one direction of a WebSocket connection and records, for every data
// message, whether its first frame had RSV1 set (RFC 7692 §6: the message is compressed) and how
// many payload bytes its frames carried. ws does not expose RSV1, so the checks read it here; ws
// keeps reading the same socket (a second 'data' listener sees the same chunks).
'use strict';

const OPCODE_CONTINUATION = 0x0;
const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;

class WireMessages {
  constructor() {
    /** Complete data messages seen so far: { isCompressed, wireBytes, frames }. */
    this.messages = [];
    this.current = null;
    this.header = Buffer.alloc(0);
    this.payloadLeft = 0;
  }

  /** Starts recording what arrives on `socket` from now on. */
  watch(socket) {
    socket.on('data', (chunk) => this.push(chunk));
    return this;
  }

  push(chunk) {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.payloadLeft > 0) {
        const taken = Math.min(this.payloadLeft, chunk.length - offset);
        this.payloadLeft -= taken;
        offset += taken;
        continue;
      }
      const wanted = this.headerLength() - this.header.length;
      const taken = Math.min(wanted, chunk.length - offset);
      this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + taken)]);
      offset += taken;
      if (this.header.length === this.headerLength()) this.endHeader();
    }
  }

  /** The header's full length as far as its first two bytes tell (2 until they are known). */
  headerLength() {
    if (this.header.length < 2) return 2;
    const length7 = this.header[1] & 0x7f;
    const extended = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
    const mask = this.header[1] & 0x80 ? 4 : 0;
    return 2 + extended + mask;
  }

  endHeader() {
    const header = this.header;
    const isFinal = (header[0] & 0x80) !== 0;
    const isRsv1 = (header[0] & 0x40) !== 0;
    const opcode = header[0] & 0x0f;
    const length7 = header[1] & 0x7f;
    const length = length7 === 126 ? header.readUInt16BE(2)
      : length7 === 127 ? Number(header.readBigUInt64BE(2)) : length7;
    this.header = Buffer.alloc(0);
    this.payloadLeft = length;
    if (opcode === OPCODE_TEXT || opcode === OPCODE_BINARY) {
      this.current = { isCompressed: isRsv1, wireBytes: 0, frames: 0 };
    } else if (opcode !== OPCODE_CONTINUATION) {
      return;
    }
    if (this.current === null) return;
    this.current.wireBytes += length;
    this.current.frames++;
    if (isFinal) {
      this.messages.push(this.current);
      this.current = null;
    }
  }
}

module.exports = { WireMessages };
