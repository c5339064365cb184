import { SipParseError } from './errors.js';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES, headerEnd } from './message.js';

/**
 * Cuts a TCP byte stream into SIP messages by Content-Length (RFC 3261 §18.3). CRLF keep-alives
 * between messages are skipped. Throws SipParseError when the stream cannot be framed any more;
 * the connection must then be closed, since the next message boundary is unknown.
 */
export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: Buffer[] = [];
    for (;;) {
      let start = 0;
      while (this.buffer[start] === 0x0d || this.buffer[start] === 0x0a) start++;
      if (start > 0) this.buffer = this.buffer.subarray(start);
      const end = headerEnd(this.buffer);
      if (!end) {
        if (this.buffer.length > MAX_HEADER_BYTES) throw new SipParseError('header section too large');
        return messages;
      }
      const head = this.buffer.subarray(0, end.at).toString('latin1');
      const match = /(?:^|\n)(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/i.exec(head);
      const declared = match?.[1]?.trim();
      if (declared === undefined) throw new SipParseError('Content-Length is mandatory on stream transports');
      if (!/^\d{1,10}$/.test(declared) || Number(declared) > MAX_BODY_BYTES) throw new SipParseError('bad Content-Length');
      const total = end.at + end.length + Number(declared);
      if (this.buffer.length < total) return messages;
      messages.push(this.buffer.subarray(0, total));
      this.buffer = this.buffer.subarray(total);
    }
  }
}
