import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { audioItems, type AudioFile } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import type { BlobStore } from '../storage/blob-store.js';

export type AudioFormat = 'wav' | 'gsm' | 'mp3';

export const AUDIO_CONTENT_TYPES: Record<AudioFormat, string> = { wav: 'audio/wav', gsm: 'audio/x-gsm', mp3: 'audio/mpeg' };

/** The node voicemail API path of an audio item, as the contract's AudioRef carries it. */
export function nodeAudioPath(audioId: string): string {
  return `/api/v1/node/voicemail/audio/${encodeURIComponent(audioId)}`;
}

export interface OpenedAudio {
  body: ReadableStream<Uint8Array>;
  size: number;
  contentType: string;
}

/**
 * One encoding of a voicemail message or greeting, read from object storage. Only items of the
 * organization (and of the site, when given) are reachable; anything else is 404.
 */
export async function openVoicemailAudio(db: Db, blobs: BlobStore, where: { orgId: string; siteId: string | null }, audioId: string, format: AudioFormat): Promise<OpenedAudio> {
  const [item] = await db
    .select({ files: audioItems.files })
    .from(audioItems)
    .where(and(eq(audioItems.id, audioId), eq(audioItems.orgId, where.orgId), where.siteId ? eq(audioItems.siteId, where.siteId) : undefined, inArray(audioItems.kind, ['voicemail', 'greeting'])));
  const file: AudioFile | undefined = item?.files[format];
  if (!file) throw notFound('audio');
  const body = await blobs.get(file.key);
  if (!body) throw notFound('audio file');
  return { body, size: file.size, contentType: AUDIO_CONTENT_TYPES[format] };
}

/** Deletes stored files one by one; a failure is logged and the rest still go. */
export async function deleteBlobs(blobs: BlobStore | null, keys: string[], log: { warn: (msg: string, data?: Record<string, unknown>) => void }): Promise<void> {
  if (!blobs) return;
  for (const key of keys) {
    try {
      await blobs.delete(key);
    } catch (err) {
      // A leftover file only costs space; the rows are already gone.
      log.warn('could not delete an audio file', { key, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
