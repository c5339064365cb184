import ipaddr from 'ipaddr.js';

/** Why a webhook URL was refused; each has a message in the webhooks dictionary. */
export type UrlRefusal = 'invalid' | 'scheme' | 'credentials' | 'tooLong' | 'privateAddress' | 'privateName';

export type UrlCheck = { ok: true } | { ok: false; reason: string; refusal: UrlRefusal };

export const WEBHOOK_URL_MAX = 2000;

const REASONS: Record<UrlRefusal, string> = {
  invalid: 'not a valid URL',
  scheme: 'only http:// and https:// URLs can receive webhooks',
  credentials: 'a user name or password in the URL is not allowed; authenticate with the webhook signature',
  tooLong: `at most ${WEBHOOK_URL_MAX} characters`,
  privateAddress: 'the address is loopback, private, link-local or reserved; the operator must set RAMAL_WEBHOOK_ALLOW_PRIVATE=true to allow it',
  privateName: 'the host name is local (localhost, .local, .internal); the operator must set RAMAL_WEBHOOK_ALLOW_PRIVATE=true to allow it',
};

// The first 96 bits of these prefixes are followed by an IPv4 address the packet really goes to.
const EMBEDS_IPV4 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052']);

function lastFourBytes(address: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = address.toByteArray().slice(12);
  return new ipaddr.IPv4(bytes);
}

/**
 * Whether connecting to this IP would reach the operator's own machine or network rather than the
 * public internet: anything ipaddr.js does not class as global unicast, IPv6 forms that carry an
 * IPv4 address checked by that address, and the old IPv4-compatible ::a.b.c.d. Text that is not
 * an IP address counts as private, so a caller never lets through what it could not classify.
 */
export function isPrivateAddress(ip: string): boolean {
  const text = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (!ipaddr.isValid(text)) return true;
  const address = ipaddr.parse(text);
  if (address.kind() === 'ipv4') return (address as ipaddr.IPv4).range() !== 'unicast';
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  if (EMBEDS_IPV4.has(range)) return isPrivateAddress(lastFourBytes(v6).toString());
  if (v6.parts.slice(0, 6).every((p) => p === 0)) return true;
  return range !== 'unicast';
}

function isLocalName(host: string): boolean {
  const name = host.replace(/\.$/, '').toLowerCase();
  return name === 'localhost' || ['.localhost', '.local', '.internal'].some((suffix) => name.endsWith(suffix));
}

function isIpLiteral(host: string): boolean {
  // The URL parser already turned 2130706433, 0177.0.0.1 and 0x7f.1 into dotted decimal.
  return host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

function refuse(refusal: UrlRefusal): UrlCheck {
  return { ok: false, reason: REASONS[refusal], refusal };
}

/**
 * Checks a webhook URL when it is saved. Names that resolve to private addresses are caught at
 * connect time by the delivery's HTTP client, which reuses isPrivateAddress.
 */
export function checkWebhookUrl(url: string, allowPrivate: boolean): UrlCheck {
  if (url.length > WEBHOOK_URL_MAX) return refuse('tooLong');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('invalid');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return refuse('scheme');
  if (parsed.username || parsed.password) return refuse('credentials');
  if (!parsed.hostname) return refuse('invalid');
  if (allowPrivate) return { ok: true };
  if (isIpLiteral(parsed.hostname)) return isPrivateAddress(parsed.hostname) ? refuse('privateAddress') : { ok: true };
  return isLocalName(parsed.hostname) ? refuse('privateName') : { ok: true };
}
