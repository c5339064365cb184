import { describe, expect, it } from 'vitest';
import { Rfc4733Receiver, parseTelephoneEvent, planTelephoneEvent, writeTelephoneEvent } from '../../../media-node/dtmf/rfc4733.js';
import { InvalidDtmfDigit } from '../../../media-node/dtmf/digits.js';

const ev = (event: number, end: boolean, duration: number) => writeTelephoneEvent(new Uint8Array(4), { event, end, volume: 10, duration });

describe('RFC 4733 events', () => {
  it('writes and parses the event payload', () => {
    expect(parseTelephoneEvent(ev(11, true, 800))).toEqual({ event: 11, end: true, volume: 10, duration: 800 });
    expect(parseTelephoneEvent(Uint8Array.of(1, 2, 3))).toBeUndefined();
  });

  it('plans a start packet with the marker, growing updates and three end packets', () => {
    const plan = planTelephoneEvent('#', 100);
    const parsed = plan.map((p) => ({ marker: p.marker, ...parseTelephoneEvent(p.payload)! }));
    expect(parsed.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false]);
    expect(parsed.map((p) => p.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(parsed.map((p) => p.end)).toEqual([false, false, false, false, true, true, true]);
    expect(parsed.every((p) => p.event === 11)).toBe(true);
  });

  it('refuses a character that is no digit', () => {
    expect(() => planTelephoneEvent('x' as '1', 100)).toThrow(InvalidDtmfDigit);
  });

  it('counts an event once across its repeats and end packets', () => {
    const rx = new Rfc4733Receiver();
    const got = [
      rx.receive({ marker: true, timestamp: 1000, payload: ev(1, false, 160) }),
      rx.receive({ marker: false, timestamp: 1000, payload: ev(1, false, 320) }),
      rx.receive({ marker: false, timestamp: 1000, payload: ev(1, true, 480) }),
      rx.receive({ marker: false, timestamp: 1000, payload: ev(1, true, 480) }),
    ];
    expect(got.filter(Boolean)).toEqual(['1']);
  });

  it('counts a repeated digit twice when the first one ended', () => {
    const rx = new Rfc4733Receiver();
    rx.receive({ marker: true, timestamp: 1000, payload: ev(5, true, 800) });
    expect(rx.receive({ marker: true, timestamp: 3000, payload: ev(5, false, 160) })).toBe('5');
  });

  it('counts a new event whose start packet was lost and whose predecessor lost its end packets', () => {
    const rx = new Rfc4733Receiver();
    rx.receive({ marker: true, timestamp: 1000, payload: ev(2, false, 160) });
    expect(rx.receive({ marker: false, timestamp: 3000, payload: ev(3, false, 320) })).toBe('3');
  });

  it('treats a long event continued in a new segment as the same digit', () => {
    const rx = new Rfc4733Receiver();
    rx.receive({ marker: true, timestamp: 1000, payload: ev(0, false, 65535) });
    expect(rx.receive({ marker: false, timestamp: 66535, payload: ev(0, false, 160) })).toBeUndefined();
  });

  it('ignores a reordered packet of an older event, and events beyond D', () => {
    const rx = new Rfc4733Receiver();
    rx.receive({ marker: true, timestamp: 5000, payload: ev(7, false, 160) });
    expect(rx.receive({ marker: false, timestamp: 4000, payload: ev(6, true, 800) })).toBeUndefined();
    expect(rx.receive({ marker: true, timestamp: 9000, payload: ev(16, false, 160) })).toBeUndefined();
  });
});
