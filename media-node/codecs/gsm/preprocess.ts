import { lAdd, multR, add, wrap16 } from './basic-ops.js';

/** Filter memories of section 4.2.1-4.2.3, carried from one frame to the next. */
export class PreprocessState {
  z1 = 0;
  lz2 = 0;
  mp = 0;
}

/**
 * Downscaling to 13 bits, offset compensation (a high-pass notch at DC done in double precision:
 * L_z2 split into msp and lsp) and pre-emphasis. `wrap16` mirrors the reference storing 32-bit
 * values in 16-bit words; the filter's gain keeps them in range, so it guards rather than changes.
 */
export function preprocess(st: PreprocessState, s: Int16Array, at: number, so: Int16Array): void {
  let z1 = st.z1;
  let lz2 = st.lz2;
  let mp = st.mp;
  for (let k = 0; k < 160; k++) {
    const so0 = (s[at + k]! >> 3) << 2;
    const s1 = so0 - z1;
    z1 = so0;
    const msp = wrap16(lz2 >> 15);
    const lsp = wrap16(lz2 - msp * 32768);
    const ls2 = s1 * 32768 + multR(lsp, 32735);
    lz2 = lAdd(msp * 32735, ls2);
    const lTemp = lAdd(lz2, 16384);
    const emph = multR(mp, -28180);
    mp = wrap16(lTemp >> 15);
    so[k] = add(mp, emph);
  }
  st.z1 = z1;
  st.lz2 = lz2;
  st.mp = mp;
}
