import { sha256Hex } from '../auth/random.js';

/** Crockford's base32: no I, L, O or U, so a protocol read aloud or typed is not misread. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const PROTOCOL_PATTERN = /^VM-\d{8}-[0-9A-HJKMNP-TV-Z]{5}$/;

/** YYYYMMDD of `at` on the site's calendar. */
export function protocolDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}${part('month')}${part('day')}`;
}

/**
 * A message's human-friendly id, VM-YYYYMMDD-XXXXX: the date the caller spoke (site time zone)
 * and five characters derived from the audio id, so dispatching the same audio twice gives the
 * same protocol. `attempt` picks the next candidate when another message already has one.
 */
export async function messageProtocol(audioId: string, receivedAt: Date, timeZone: string, attempt = 0): Promise<string> {
  const hex = await sha256Hex(attempt === 0 ? `protocol:${audioId}` : `protocol:${audioId}:${attempt}`);
  // 25 bits from the first 7 hex digits (28 bits), five characters of 5 bits each.
  let bits = parseInt(hex.slice(0, 7), 16) >>> 3;
  let code = '';
  for (let i = 0; i < 5; i++) {
    code = CROCKFORD[bits & 31] + code;
    bits >>>= 5;
  }
  return `VM-${protocolDate(receivedAt, timeZone)}-${code}`;
}
