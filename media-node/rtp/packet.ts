/**
 * RTP fixed header (RFC 3550 §5.1). Parsing never throws: the network is hostile, so a bad datagram
 * becomes a reason the session counts, and the payload is a view into the datagram (no copy).
 */
export const RTP_HEADER_BYTES = 12;

export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Uint8Array;
}

export type RtpRejectReason = 'too-short' | 'version' | 'csrc-overrun' | 'extension-overrun' | 'padding';

export type RtpParseResult = { ok: true; packet: RtpPacket } | { ok: false; reason: RtpRejectReason };

export function parseRtp(data: Uint8Array): RtpParseResult {
  if (data.length < RTP_HEADER_BYTES) return { ok: false, reason: 'too-short' };
  const b0 = data[0]!;
  const b1 = data[1]!;
  if (b0 >> 6 !== 2) return { ok: false, reason: 'version' };
  let offset = RTP_HEADER_BYTES + (b0 & 0x0f) * 4;
  if (offset > data.length) return { ok: false, reason: 'csrc-overrun' };
  if (b0 & 0x10) {
    if (offset + 4 > data.length) return { ok: false, reason: 'extension-overrun' };
    const words = (data[offset + 2]! << 8) | data[offset + 3]!;
    offset += 4 + words * 4;
    if (offset > data.length) return { ok: false, reason: 'extension-overrun' };
  }
  let end = data.length;
  if (b0 & 0x20) {
    // The last octet counts itself, so 0 is invalid, and padding may not eat into the header.
    const padding = data[data.length - 1]!;
    if (padding === 0 || end - padding < offset) return { ok: false, reason: 'padding' };
    end -= padding;
  }
  return {
    ok: true,
    packet: {
      marker: (b1 & 0x80) !== 0,
      payloadType: b1 & 0x7f,
      sequence: (data[2]! << 8) | data[3]!,
      timestamp: ((data[4]! << 24) | (data[5]! << 16) | (data[6]! << 8) | data[7]!) >>> 0,
      ssrc: ((data[8]! << 24) | (data[9]! << 16) | (data[10]! << 8) | data[11]!) >>> 0,
      payload: data.subarray(offset, end),
    },
  };
}

/** Writes a minimal header (no CSRC, extension or padding) into `out`; returns the header length. */
export function writeRtpHeader(out: Uint8Array, h: Omit<RtpPacket, 'payload'>): number {
  out[0] = 0x80;
  out[1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  out[2] = (h.sequence >> 8) & 0xff;
  out[3] = h.sequence & 0xff;
  out[4] = (h.timestamp >>> 24) & 0xff;
  out[5] = (h.timestamp >>> 16) & 0xff;
  out[6] = (h.timestamp >>> 8) & 0xff;
  out[7] = h.timestamp & 0xff;
  out[8] = (h.ssrc >>> 24) & 0xff;
  out[9] = (h.ssrc >>> 16) & 0xff;
  out[10] = (h.ssrc >>> 8) & 0xff;
  out[11] = h.ssrc & 0xff;
  return RTP_HEADER_BYTES;
}

export function serializeRtp(packet: RtpPacket): Uint8Array {
  const out = new Uint8Array(RTP_HEADER_BYTES + packet.payload.length);
  writeRtpHeader(out, packet);
  out.set(packet.payload, RTP_HEADER_BYTES);
  return out;
}

/** Signed distance b - a between two 16-bit sequence numbers, in [-32768, 32767]. */
export const seqDelta = (a: number, b: number): number => (((b - a) & 0xffff) << 16) >> 16;

/** Signed distance b - a between two 32-bit RTP timestamps. */
export const tsDelta = (a: number, b: number): number => (b - a) | 0;
