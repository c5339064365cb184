import { mediaType } from './body.js';

const EVENT_DIGITS = '0123456789*#ABCD';

function digitOf(signal: string): string | undefined {
  const value = signal.trim().toUpperCase();
  if (value.length === 1 && EVENT_DIGITS.includes(value)) return value;
  // Some PBXs send the RFC 4733 event number (10 = *, 11 = #) instead of the character.
  if (/^\d{2}$/.test(value)) return EVENT_DIGITS[Number(value)];
  return undefined;
}

/** The digit carried by a SIP INFO body (application/dtmf-relay `Signal=5` or application/dtmf `5`), if any. */
export function infoDigit(contentType: string | undefined, body: string): string | undefined {
  const type = mediaType(contentType);
  if (type === 'application/dtmf-relay') {
    const signal = /^\s*signal\s*=\s*(\S+)\s*$/im.exec(body)?.[1];
    return signal === undefined ? undefined : digitOf(signal);
  }
  if (type === 'application/dtmf') return digitOf(body);
  return undefined;
}
