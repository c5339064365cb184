import { createHash } from 'node:crypto';
import type { BlobStore } from '../../functions/services/storage/blob-store.js';

export type AudioBytes = Record<'wav' | 'gsm' | 'mp3', Uint8Array>;
export type AudioFiles = Record<'wav' | 'gsm' | 'mp3', { key: string; size: number; sha256: string }>;

/** Puts an audio item's three encodings in object storage under the keys the node would use; returns its `files`. */
export async function storeAudioFiles(blobs: BlobStore, where: { orgId: string; siteId: string; kind: string; id: string }, bytes: AudioBytes): Promise<AudioFiles> {
  const files = {} as AudioFiles;
  for (const format of ['wav', 'gsm', 'mp3'] as const) {
    const body = bytes[format];
    const sha256 = createHash('sha256').update(body).digest('hex');
    const key = `org/${where.orgId}/site/${where.siteId}/${where.kind}/${where.id}.${format}`;
    await blobs.put(key, body, { size: body.byteLength, sha256 });
    files[format] = { key, size: body.byteLength, sha256 };
  }
  return files;
}
