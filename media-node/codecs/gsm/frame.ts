/**
 * The 76 parameters of one frame, kept flat in transmission order so that packing and unpacking
 * are one loop over a width table: LARc[0..7], then per sub-frame Nc, bc, Mc, xmaxc, xMc[0..12].
 */
export const FRAME_BYTES = 33;
export const GSM_MAGIC = 0xd;
export const PARAM_COUNT = 76;
/** Index of sub-frame j's first parameter (Nc); bc, Mc, xmaxc and xMc[0..12] follow. */
export const SUB_BASE = 8;
export const SUB_STRIDE = 17;
export const NC = 0;
export const BC = 1;
export const MC = 2;
export const XMAXC = 3;
export const XMC = 4;

/** Bits of each parameter in the frame. */
export const WIDTHS = new Uint8Array(PARAM_COUNT);
WIDTHS.set([6, 6, 5, 5, 4, 4, 3, 3]);
for (let j = 0; j < 4; j++) {
  const at = SUB_BASE + j * SUB_STRIDE;
  WIDTHS.set([7, 2, 2, 6], at);
  WIDTHS.fill(3, at + XMC, at + SUB_STRIDE);
}

/** Writes the magic nibble and the parameters, most significant bit first (264 bits, 33 bytes). */
export function packFrame(params: Int16Array, out: Uint8Array, offset: number): void {
  let acc = GSM_MAGIC;
  let bits = 4;
  let pos = offset;
  for (let i = 0; i < PARAM_COUNT; i++) {
    const w = WIDTHS[i]!;
    acc = (acc << w) | (params[i]! & ((1 << w) - 1));
    bits += w;
    if (bits >= 8) {
      bits -= 8;
      out[pos++] = acc >> bits;
      acc &= (1 << bits) - 1;
    }
  }
}

/** Reads the parameters back; the caller has checked the magic nibble. */
export function unpackFrame(bytes: Uint8Array, offset: number, params: Int16Array): void {
  let acc = bytes[offset]! & 0x0f;
  let bits = 4;
  let pos = offset + 1;
  for (let i = 0; i < PARAM_COUNT; i++) {
    const w = WIDTHS[i]!;
    if (bits < w) {
      acc = (acc << 8) | bytes[pos++]!;
      bits += 8;
    }
    bits -= w;
    params[i] = (acc >> bits) & ((1 << w) - 1);
    acc &= (1 << bits) - 1;
  }
}

export function hasMagic(bytes: Uint8Array, offset: number): boolean {
  return bytes[offset]! >> 4 === GSM_MAGIC;
}
