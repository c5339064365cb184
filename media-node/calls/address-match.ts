import { isIP } from 'node:net';

/**
 * Whether a source address is on the site's allowed list (single addresses or CIDR blocks, IPv4
 * or IPv6). IPv4-mapped IPv6 addresses (::ffff:10.0.0.1, what dual-stack sockets report) match
 * their IPv4 entries.
 */
export function addressAllowed(address: string, allowed: readonly string[]): boolean {
  const source = toBytes(address);
  if (!source) return false;
  return allowed.some((entry) => {
    const [base, bits] = entry.split('/');
    const net = toBytes(base ?? '');
    if (!net || net.length !== source.length) return false;
    const prefix = bits === undefined ? net.length * 8 : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > net.length * 8) return false;
    return samePrefix(source, net, prefix);
  });
}

function samePrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  const whole = Math.floor(bits / 8);
  for (let i = 0; i < whole; i++) if (a[i] !== b[i]) return false;
  const rest = bits % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((a[whole] ?? 0) & mask) === ((b[whole] ?? 0) & mask);
}

function toBytes(text: string): Uint8Array | null {
  const trimmed = text.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  const value = mapped ? mapped[1]! : trimmed;
  const kind = isIP(value);
  if (kind === 4) return Uint8Array.from(value.split('.').map(Number));
  if (kind === 6) return ipv6Bytes(value);
  return null;
}

function ipv6Bytes(value: string): Uint8Array {
  const [head = '', tail] = value.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  // A trailing dotted quad (::ffff:1.2.3.4 outside the mapped form) counts as two groups.
  const expand = (gs: string[]) =>
    gs.flatMap((g) => (g.includes('.') ? (() => { const b = g.split('.').map(Number); return [((b[0]! << 8) | b[1]!).toString(16), ((b[2]! << 8) | b[3]!).toString(16)]; })() : [g]));
  const he = expand(h);
  const te = expand(t);
  const all = [...he, ...Array(8 - he.length - te.length).fill('0'), ...te];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  });
  return bytes;
}
