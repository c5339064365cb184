import { BlockList, isIP } from 'node:net';

/**
 * Whether a source address is on the site's allowed list (single addresses or CIDR blocks, IPv4
 * or IPv6). IPv4-mapped IPv6 addresses (::ffff:10.0.0.1, what dual-stack sockets report) match
 * their IPv4 entries. Each family is checked against its own entries only: Node's BlockList maps
 * IPv4 into IPv6 space, so a stray "::/0" would otherwise admit every IPv4 caller.
 */
export function addressAllowed(address: string, allowed: readonly string[]): boolean {
  const trimmed = address.trim().replace(/^\[|\]$/g, '');
  const source = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1] ?? trimmed;
  const family = isIP(source);
  if (family === 0) return false;
  const list = new BlockList();
  for (const entry of allowed) {
    const [base = '', bits] = entry.trim().split('/');
    if (isIP(base) !== family) continue;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    try {
      if (bits === undefined) list.addAddress(base, type);
      else if (/^\d+$/.test(bits)) list.addSubnet(base, Number(bits), type);
    } catch {
      // A malformed entry (prefix out of range) admits nobody; the site form refuses them anyway.
    }
  }
  return list.check(source, family === 4 ? 'ipv4' : 'ipv6');
}
