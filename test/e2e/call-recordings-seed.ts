import type { CallType } from '../../schema/tables/call-recordings.js';
import type { Harness } from '../helpers/harness.js';
import { insertRecording } from '../services/call-recordings/recordings-fixture.js';

export interface SeedParticipant {
  number: string;
  name?: string;
  internal: boolean;
  userId?: string | null;
  channel?: number | null;
  joinedAt: Date;
  leftAt?: Date | null;
}

export interface SeededRecording {
  id: string;
  protocol: string;
  bytes: { wav: Uint8Array; gsm: Uint8Array; mp3: Uint8Array };
}

/** A real 8 kHz 16-bit WAV of a tone (stereo: a different tone per side), so a browser can decode, time and seek it. */
export function toneWav(seconds: number, channels: 1 | 2 = 1): Uint8Array {
  const frames = 8000 * seconds;
  const out = new DataView(new ArrayBuffer(44 + frames * 2 * channels));
  const text = (at: number, s: string) => [...s].forEach((ch, i) => out.setUint8(at + i, ch.charCodeAt(0)));
  text(0, 'RIFF'); out.setUint32(4, 36 + frames * 2 * channels, true); text(8, 'WAVE'); text(12, 'fmt ');
  out.setUint32(16, 16, true); out.setUint16(20, 1, true); out.setUint16(22, channels, true); out.setUint32(24, 8000, true);
  out.setUint32(28, 16000 * channels, true); out.setUint16(32, 2 * channels, true); out.setUint16(34, 16, true); text(36, 'data'); out.setUint32(40, frames * 2 * channels, true);
  for (let i = 0; i < frames; i++) {
    for (let ch = 0; ch < channels; ch++) out.setInt16(44 + (i * channels + ch) * 2, Math.round(8000 * Math.sin((2 * Math.PI * (440 + 220 * ch) * i) / 8000)), true);
  }
  return new Uint8Array(out.buffer);
}

/**
 * A recording as the ingest leaves it (the v-rec fixture's insertRecording), with participants
 * given by the time they joined. Visibility follows the participants' userId.
 */
export async function seedRecording(
  h: Pick<Harness, 'deps' | 'org'>,
  o: {
    orgId?: string; siteId?: string; type?: CallType; access?: string; identification?: string; startedAt?: Date; durationMs?: number; channels?: 1 | 2; callRef?: string;
    participants?: SeedParticipant[]; notes?: { authorId?: string | null; authorName: string; body: string; createdAt: Date }[];
    audio?: Partial<SeededRecording['bytes']>;
  } = {},
): Promise<SeededRecording> {
  const startedAt = o.startedAt ?? new Date(Date.now() - 60_000);
  const type = o.type ?? 'received';
  const recording = await insertRecording(h, {
    ...o, type, startedAt, durationMs: o.durationMs ?? 42_000, access: o.access ?? '2001',
    participants: (o.participants ?? []).map(({ joinedAt, leftAt, ...p }) => ({
      ...p, joinedAfterMs: joinedAt.getTime() - startedAt.getTime(), leftAfterMs: leftAt ? leftAt.getTime() - startedAt.getTime() : leftAt,
    })),
  });
  return { id: recording.id, protocol: recording.protocol, bytes: recording.bytes };
}
