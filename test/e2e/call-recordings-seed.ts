import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { CallType } from '../../schema/tables/call-recordings.js';
import { audioItems, callRecordingNotes, callRecordingParticipants, callRecordings } from '../../schema/index.js';
import type { Deps } from '../../functions/deps.js';

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

let serial = 0;

/**
 * A recording as the ingest leaves it: three files in the object store, the audio item, the
 * call_recordings row, its participants and notes. Visibility follows the participants' userId.
 */
export async function seedRecording(
  h: { deps: Pick<Deps, 'db' | 'blobs'>; org: { orgId: string; siteId: string } },
  o: {
    orgId?: string; siteId?: string; type?: CallType; access?: string; identification?: string; startedAt?: Date; durationMs?: number; channels?: 1 | 2;
    source?: 'siprec' | 'sip'; callRef?: string; participants?: SeedParticipant[]; notes?: { authorId?: string | null; authorName: string; body: string; createdAt: Date }[];
    audio?: Partial<SeededRecording['bytes']>;
  } = {},
): Promise<SeededRecording> {
  const { db, blobs } = h.deps;
  if (!blobs) throw new Error('the harness has no object storage');
  const orgId = o.orgId ?? h.org.orgId;
  const siteId = o.siteId ?? h.org.siteId;
  const id = randomUUID();
  const n = ++serial;
  const protocol = `REC-TEST-${String(n).padStart(4, '0')}-${id.slice(0, 5).toUpperCase()}`;
  const bytes = { wav: o.audio?.wav ?? randomBytes(3000 + n), gsm: o.audio?.gsm ?? randomBytes(1650 + n), mp3: o.audio?.mp3 ?? randomBytes(2000 + n) };
  const files = {} as Record<'wav' | 'gsm' | 'mp3', { key: string; size: number; sha256: string }>;
  for (const format of ['wav', 'gsm', 'mp3'] as const) {
    const body = bytes[format];
    const sha256 = createHash('sha256').update(body).digest('hex');
    const key = `org/${orgId}/site/${siteId}/recordings/${id}.${format}`;
    await blobs.put(key, body, { size: body.byteLength, sha256 });
    files[format] = { key, size: body.byteLength, sha256 };
  }
  const startedAt = o.startedAt ?? new Date(Date.now() - n * 60_000);
  const durationMs = o.durationMs ?? 42_000;
  const endedAt = new Date(startedAt.getTime() + durationMs);
  const type = o.type ?? 'received';
  const access = o.access ?? '2001';
  const identification = o.identification ?? (type === 'internal' ? '' : `551130${String(n).padStart(4, '0')}`);
  const participants = o.participants ?? [];
  await db.batch([
    db.insert(audioItems).values({ id, orgId, siteId, kind: 'call-recording', startedAt, durationMs, files, metadata: {}, createdAt: endedAt }),
    db.insert(callRecordings).values({
      id, orgId, siteId, protocol, type, access, identification, startedAt, endedAt, durationMs, source: o.source ?? 'siprec', callRef: o.callRef ?? `call-${id}`, channels: o.channels ?? 1,
      audioId: id, audioBytes: bytes.wav.byteLength + bytes.gsm.byteLength + bytes.mp3.byteLength,
      searchText: [protocol, access, identification, ...participants.map((p) => `${p.number} ${p.name ?? ''}`)].join(' ').toLowerCase(), createdAt: endedAt,
    }),
    ...participants.map((p) =>
      db.insert(callRecordingParticipants).values({
        id: randomUUID(), orgId, recordingId: id, number: p.number, name: p.name ?? '', internal: p.internal, userId: p.userId ?? null, channel: p.channel ?? null, joinedAt: p.joinedAt, leftAt: p.leftAt ?? null,
      }),
    ),
    ...(o.notes ?? []).map((note) => db.insert(callRecordingNotes).values({ id: randomUUID(), orgId, recordingId: id, authorId: note.authorId ?? null, authorName: note.authorName, body: note.body, createdAt: note.createdAt })),
  ]);
  return { id, protocol, bytes };
}
