import { FRAME_SAMPLES, SAMPLE_RATE } from '../audio/pcm.js';
import type { DtmfDigit } from '../media/call-media.js';
import { tsDelta } from '../rtp/packet.js';
import { DTMF_EVENT_DIGITS, InvalidDtmfDigit, dtmfEventCode } from './digits.js';

/** RFC 4733 §2.3 payload: event, E|R|volume, 16-bit duration in timestamp units. */
export interface TelephoneEvent {
  event: number;
  end: boolean;
  volume: number;
  duration: number;
}

export const TELEPHONE_EVENT_BYTES = 4;
/** An older event this far back is a different event, not a reordered repeat (4 s of timestamp). */
const STALE_WINDOW = 4 * SAMPLE_RATE;

export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < TELEPHONE_EVENT_BYTES) return undefined;
  const flags = payload[1]!;
  return { event: payload[0]!, end: (flags & 0x80) !== 0, volume: flags & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}

export function writeTelephoneEvent(out: Uint8Array, e: TelephoneEvent): Uint8Array {
  out[0] = e.event & 0xff;
  out[1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  out[2] = (e.duration >> 8) & 0xff;
  out[3] = e.duration & 0xff;
  return out;
}

/**
 * Turns the stream of event packets into digits, each once. Every packet of one event carries the
 * event's start timestamp, so a new timestamp is a new digit; it is reported on its first packet,
 * which is why lost end packets cost nothing. A long event split into segments (RFC 4733 §2.5.1.3)
 * keeps its code, has no marker and follows an unfinished event: that is not a new digit.
 */
export class Rfc4733Receiver {
  private timestamp: number | undefined;
  private event = -1;
  private ended = false;

  receive(packet: { marker: boolean; timestamp: number; payload: Uint8Array }): DtmfDigit | undefined {
    const e = parseTelephoneEvent(packet.payload);
    const digit = e && DTMF_EVENT_DIGITS[e.event];
    if (!e || !digit) return undefined;
    if (this.timestamp !== undefined) {
      const d = tsDelta(this.timestamp, packet.timestamp);
      if (d === 0) {
        if (e.end) this.ended = true;
        return undefined;
      }
      if (d < 0 && d > -STALE_WINDOW && !packet.marker) return undefined;
      if (d > 0 && !packet.marker && !this.ended && e.event === this.event) {
        this.timestamp = packet.timestamp;
        this.ended = e.end;
        return undefined;
      }
    }
    this.timestamp = packet.timestamp;
    this.event = e.event;
    this.ended = e.end;
    return digit;
  }

  reset(): void {
    this.timestamp = undefined;
    this.event = -1;
    this.ended = false;
  }
}

export interface PlannedEventPacket {
  marker: boolean;
  payload: Uint8Array;
}

/**
 * The packets for one digit, one per 20 ms tick, all with the event's start timestamp: a start
 * packet (marker), updates with growing duration, then the final packet three times (§2.5.1.4).
 */
export function planTelephoneEvent(digit: DtmfDigit, durationMs: number, volume = 10): PlannedEventPacket[] {
  const event = dtmfEventCode(digit);
  if (event < 0) throw new InvalidDtmfDigit(digit);
  const ticks = Math.max(1, Math.min(Math.ceil(durationMs / 20), Math.floor(0xffff / FRAME_SAMPLES)));
  const packets: PlannedEventPacket[] = [];
  for (let i = 1; i < ticks; i++) {
    packets.push({ marker: i === 1, payload: writeTelephoneEvent(new Uint8Array(4), { event, end: false, volume, duration: i * FRAME_SAMPLES }) });
  }
  const final = writeTelephoneEvent(new Uint8Array(4), { event, end: true, volume, duration: ticks * FRAME_SAMPLES });
  for (let i = 0; i < 3; i++) packets.push({ marker: ticks === 1 && i === 0, payload: final });
  return packets;
}
