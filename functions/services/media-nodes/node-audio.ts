import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db.js';
import { audioItems } from '../../../schema/index.js';
import { fieldError, notFound } from '../../errors.js';
import { sha256Hex } from '../auth/random.js';
import type { BlobStore } from '../storage/blob-store.js';
import { eventInsert } from './node-events.js';
import { ownKey, Sha256Schema } from './node-uploads.js';

const StoredFile = z.object({ key: z.string().min(1).max(400), size: z.number().int().min(0), sha256: Sha256Schema });

export const AudioItemSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['call-recording', 'voicemail', 'conference-recording', 'greeting', 'test']),
  startedAt: z.iso.datetime({ offset: true }),
  durationMs: z.number().int().min(0),
  files: z.object({ wav: StoredFile, gsm: StoredFile, mp3: StoredFile }),
  metadata: z
    .record(z.string(), z.unknown())
    .refine((m) => new TextEncoder().encode(JSON.stringify(m)).byteLength <= 16 * 1024, 'at most 16384 bytes as JSON'),
});
export type AudioItemInput = z.infer<typeof AudioItemSchema>;

/**
 * The id of the audio.stored event is derived from the item's, so two racing stores of the same
 * item write one event, not two (a name-based UUID: version 5 layout over SHA-256).
 */
export async function storedEventId(audioId: string): Promise<string> {
  const hex = (await sha256Hex(`audio.stored:${audioId}`)).slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Records an audio item whose files the node has uploaded: every file must be in the store at
 * its size (else a 400 naming it, so the node uploads again), then the row and its audio.stored
 * event go in one batch. A repeated id changes nothing.
 */
export async function storeAudioItem(db: Db, blobs: BlobStore, orgId: string, siteId: string, input: AudioItemInput, now: Date): Promise<void> {
  const [known] = await db.select({ orgId: audioItems.orgId, siteId: audioItems.siteId }).from(audioItems).where(eq(audioItems.id, input.id));
  if (known) {
    if (known.orgId !== orgId || known.siteId !== siteId) throw notFound('audio item');
    return;
  }
  for (const [format, file] of Object.entries(input.files)) {
    ownKey(orgId, siteId, file.key);
    const head = await blobs.head(file.key);
    if (!head) throw fieldError(`files.${format}`, `object ${file.key} is not in storage; upload it first`);
    if (head.size !== file.size) throw fieldError(`files.${format}`, `object ${file.key} has ${head.size} bytes in storage, not ${file.size}; upload it again`);
  }
  const startedAt = new Date(input.startedAt);
  await db.batch([
    db
      .insert(audioItems)
      .values({ id: input.id, orgId, siteId, kind: input.kind, startedAt, durationMs: input.durationMs, files: input.files, metadata: input.metadata, createdAt: now })
      .onConflictDoNothing({ target: audioItems.id }),
    eventInsert(
      db, orgId, siteId,
      {
        id: await storedEventId(input.id), type: 'audio.stored', occurredAt: now,
        payload: { audioId: input.id, kind: input.kind, startedAt: input.startedAt, durationMs: input.durationMs, files: input.files, metadata: input.metadata },
      },
      now,
    ),
  ]);
}
