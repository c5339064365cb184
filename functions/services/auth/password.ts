import { scryptAsync } from '@noble/hashes/scrypt';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  r: number;
  p: number;
  keyLength: number;
}

/**
 * scrypt itself, injected per runtime: Node's native one runs in the thread pool, workerd uses
 * @noble/hashes. Both compute the same function, so a hash made by one verifies on the other.
 */
export type Kdf = (password: string, salt: Uint8Array, params: ScryptParams) => Promise<Uint8Array>;

export const jsScrypt: Kdf = (password, salt, { logN, r, p, keyLength }) =>
  scryptAsync(new TextEncoder().encode(password.normalize('NFKC')), salt, { N: 2 ** logN, r, p, dkLen: keyLength, maxmem: 2 ** 31 });

const PREFIX = 'scrypt';

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
}

/** Compares without an early exit so the time taken does not reveal where bytes differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Encodes as `scrypt$logN$r$p$salt$hash`, so the cost can rise later without breaking old hashes. */
export async function hashPassword(kdf: Kdf, password: string, logN: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const params: ScryptParams = { logN, r: 8, p: 1, keyLength: 32 };
  const key = await kdf(password, salt, params);
  return [PREFIX, logN, params.r, params.p, toBase64(salt), toBase64(key)].join('$');
}

export async function verifyPassword(kdf: Kdf, password: string, encoded: string): Promise<boolean> {
  const [prefix, logN, r, p, salt, key] = encoded.split('$');
  if (prefix !== PREFIX || !logN || !r || !p || !salt || !key) return false;
  const expected = fromBase64(key);
  const actual = await kdf(password, fromBase64(salt), {
    logN: Number(logN),
    r: Number(r),
    p: Number(p),
    keyLength: expected.length,
  });
  return constantTimeEqual(actual, expected);
}

/** Same work as a real check, for e-mails that have no user, so timing does not reveal them. */
export async function burnPasswordCheck(kdf: Kdf, password: string, logN: number): Promise<void> {
  await kdf(password, new Uint8Array(16), { logN, r: 8, p: 1, keyLength: 32 });
}
