/**
 * ITU-T G.711 A-law (PCMA) and µ-law (PCMU), table driven: the RTP path converts one 160-sample
 * frame every 20 ms per call, so each sample costs one array lookup and nothing is allocated
 * by the *Into variants.
 *
 * G.711 is defined on 13-bit (A-law) and 14-bit (µ-law) linear input. Our samples are 16-bit, and
 * we reduce them by rounding to nearest (not truncating, as the G.191 reference code does) because
 * that halves the quantisation bias and is what sox does; every 13/14-bit input gives the codeword
 * of the standard. Decoding gives the segment midpoints of the standard, scaled to 16 bits.
 */

const ALAW_ENCODE = new Uint8Array(65536);
const ULAW_ENCODE = new Uint8Array(65536);
const ALAW_DECODE = new Int16Array(256);
const ULAW_DECODE = new Int16Array(256);

function alawFromLinear(sample: number): number {
  const x13 = Math.min((sample + 4) >> 3, 4095);
  // Negative input uses the one's complement magnitude, so -1 and 0 land on the two codes nearest zero.
  const positive = x13 >= 0;
  const magnitude = positive ? x13 : -x13 - 1;
  let code: number;
  if (magnitude < 32) {
    code = magnitude >> 1;
  } else {
    const segment = Math.floor(Math.log2(magnitude)) - 4;
    code = (segment << 4) | ((magnitude >> segment) & 0x0f);
  }
  // Even bits are inverted on the line (G.711 table 1a) so that silence has transitions.
  return (positive ? code | 0x80 : code) ^ 0x55;
}

function linearFromAlaw(byte: number): number {
  const code = byte ^ 0x55;
  const segment = (code >> 4) & 0x07;
  const step = code & 0x0f;
  const magnitude13 = segment === 0 ? 2 * step + 1 : (2 * (16 + step) + 1) << (segment - 1);
  return code & 0x80 ? magnitude13 * 8 : -magnitude13 * 8;
}

const ULAW_BIAS = 33;

function ulawFromLinear(sample: number): number {
  const x14 = Math.min((sample + 2) >> 2, 8191);
  const negative = x14 < 0;
  const biased = Math.min(Math.min(negative ? -x14 : x14, 8159) + ULAW_BIAS, 8191);
  const segment = Math.floor(Math.log2(biased)) - 5;
  const code = (segment << 4) | ((biased >> (segment + 1)) & 0x0f);
  // µ-law transmits the complement of sign/segment/step, so positive full scale is 0x80 and zero 0xff.
  return (negative ? code | 0x80 : code) ^ 0xff;
}

function linearFromUlaw(byte: number): number {
  const code = ~byte & 0xff;
  const segment = (code >> 4) & 0x07;
  const biased = (((code & 0x0f) << 3) + 0x84) << segment;
  return code & 0x80 ? 0x84 - biased : biased - 0x84;
}

for (let i = 0; i < 65536; i++) {
  const sample = i < 32768 ? i : i - 65536;
  ALAW_ENCODE[i] = alawFromLinear(sample);
  ULAW_ENCODE[i] = ulawFromLinear(sample);
}
for (let i = 0; i < 256; i++) {
  ALAW_DECODE[i] = linearFromAlaw(i);
  ULAW_DECODE[i] = linearFromUlaw(i);
}

function encodeInto(table: Uint8Array, pcm: Int16Array, out: Uint8Array): Uint8Array {
  if (out.length < pcm.length) throw new RangeError(`output holds ${out.length} bytes, need ${pcm.length}`);
  for (let i = 0; i < pcm.length; i++) out[i] = table[(pcm[i] as number) & 0xffff] as number;
  return out;
}

function decodeInto(table: Int16Array, bytes: Uint8Array, out: Int16Array): Int16Array {
  if (out.length < bytes.length) throw new RangeError(`output holds ${out.length} samples, need ${bytes.length}`);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i] as number] as number;
  return out;
}

export const alawEncodeInto = (pcm: Int16Array, out: Uint8Array): Uint8Array => encodeInto(ALAW_ENCODE, pcm, out);
export const alawDecodeInto = (bytes: Uint8Array, out: Int16Array): Int16Array => decodeInto(ALAW_DECODE, bytes, out);
export const ulawEncodeInto = (pcm: Int16Array, out: Uint8Array): Uint8Array => encodeInto(ULAW_ENCODE, pcm, out);
export const ulawDecodeInto = (bytes: Uint8Array, out: Int16Array): Int16Array => decodeInto(ULAW_DECODE, bytes, out);

export const alawEncode = (pcm: Int16Array): Uint8Array => alawEncodeInto(pcm, new Uint8Array(pcm.length));
export const alawDecode = (bytes: Uint8Array): Int16Array => alawDecodeInto(bytes, new Int16Array(bytes.length));
export const ulawEncode = (pcm: Int16Array): Uint8Array => ulawEncodeInto(pcm, new Uint8Array(pcm.length));
export const ulawDecode = (bytes: Uint8Array): Int16Array => ulawDecodeInto(bytes, new Int16Array(bytes.length));
