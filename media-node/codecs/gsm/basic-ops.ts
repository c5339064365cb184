/**
 * The fixed-point primitives of GSM 06.10 section 5.1. Bit-exactness with the reference depends on
 * reproducing their saturation and on C's truncation when a wider result is stored in a 16-bit word.
 */
export const MIN_WORD = -32768;
export const MAX_WORD = 32767;
const MIN_LONG = -2147483648;
const MAX_LONG = 2147483647;

/** What C does when a wider integer is stored in a 16-bit `word`: keep the low 16 bits. */
export function wrap16(x: number): number {
  return (x << 16) >> 16;
}

export function sat16(x: number): number {
  return x > MAX_WORD ? MAX_WORD : x < MIN_WORD ? MIN_WORD : x;
}

export function add(a: number, b: number): number {
  return sat16(a + b);
}

export function sub(a: number, b: number): number {
  return sat16(a - b);
}

/** |a| where -32768 has no positive twin and saturates. */
export function abs16(a: number): number {
  return a < 0 ? (a === MIN_WORD ? MAX_WORD : -a) : a;
}

export function mult(a: number, b: number): number {
  return a === MIN_WORD && b === MIN_WORD ? MAX_WORD : (a * b) >> 15;
}

/** mult with rounding; callers never pass -32768 twice (the operands that can are bounded). */
export function multR(a: number, b: number): number {
  return (a * b + 16384) >> 15;
}

export function lAdd(a: number, b: number): number {
  const s = a + b;
  return s > MAX_LONG ? MAX_LONG : s < MIN_LONG ? MIN_LONG : s;
}

/** Left shifts that bring a non-zero 32-bit value into [2^30, 2^31) (or [-2^31, -2^30)). */
export function norm(a: number): number {
  if (a < 0) {
    if (a <= -1073741824) return 0;
    a = ~a;
  }
  return Math.clz32(a) - 1;
}

/** 15-bit fractional division num/denum for 0 <= num <= denum. */
export function div(num: number, denum: number): number {
  if (num === 0) return 0;
  let lNum = num;
  let q = 0;
  for (let k = 0; k < 15; k++) {
    q <<= 1;
    lNum <<= 1;
    if (lNum >= denum) {
      lNum -= denum;
      q++;
    }
  }
  return q;
}

/** Arithmetic shift right of a word by n, a negative n shifting left (the spec's asr). */
export function asr(a: number, n: number): number {
  if (n >= 16) return a < 0 ? -1 : 0;
  if (n <= -16) return 0;
  if (n < 0) return wrap16(a << -n);
  return a >> n;
}

/** Shift left by n, a negative n shifting right (the spec's asl). */
export function asl(a: number, n: number): number {
  if (n >= 16) return 0;
  if (n <= -16) return a < 0 ? -1 : 0;
  if (n < 0) return asr(a, -n);
  return wrap16(a << n);
}
