import { sha256Hex } from '../auth/random.js';
import { protocolDate } from '../voicemail/protocol.js';

/** Crockford's base32, as voicemail protocols: no I, L, O or U to misread. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const RECORDING_PROTOCOL_PATTERN = /^REC-\d{8}-[0-9A-HJKMNP-TV-Z]{5}$/;

/**
 * A recording's human-friendly id, REC-YYYYMMDD-XXXXX: the day the call started on the site's
 * calendar and five characters derived from the audio id, so a re-dispatched event yields the
 * same protocol. `attempt` gives the next candidate when another recording holds one.
 */
export async function recordingProtocol(audioId: string, startedAt: Date, timeZone: string, attempt = 0): Promise<string> {
  const hex = await sha256Hex(attempt === 0 ? `recording-protocol:${audioId}` : `recording-protocol:${audioId}:${attempt}`);
  // 25 bits from the first 7 hex digits, five characters of 5 bits each.
  let bits = parseInt(hex.slice(0, 7), 16) >>> 3;
  let code = '';
  for (let i = 0; i < 5; i++) {
    code = CROCKFORD[bits & 31] + code;
    bits >>>= 5;
  }
  return `REC-${protocolDate(startedAt, timeZone)}-${code}`;
}
