import { zipStream as zipOf, type ZipSource } from '../export/zip-stream.js';
import { and, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Db } from '../../db.js';
import { audioItems, type AudioFiles } from '../../../schema/index.js';
import { ApiError, fieldError, notFound } from '../../errors.js';
import type { Scope } from '../scope.js';
import type { AudioFormat, VoicemailMessage } from './inbox-messages.js';
import { visibleMessageRows } from './inbox-messages.js';

export type { ZipSource };
import { markHeard } from './message-actions.js';

/** A ZIP is built while it is sent; the cap keeps one request's work (and a mistaken "select all") bounded. */
export const MAX_ZIP_MESSAGES = 200;

/** A streamed ZIP of the given files (see services/export/zip-stream.ts); a missing file is a 404. */
export function zipStream(entries: ZipSource[]): ReadableStream<Uint8Array> {
  return zipOf(entries, (name) => notFound(`audio of ${name}`));
}

async function audioFilesOf(db: Db, orgId: string, audioIds: string[]): Promise<Map<string, AudioFiles>> {
  const out = new Map<string, AudioFiles>();
  for (let i = 0; i < audioIds.length; i += 50) {
    const rows = await db.select({ id: audioItems.id, files: audioItems.files }).from(audioItems).where(and(eq(audioItems.orgId, orgId), inArray(audioItems.id, audioIds.slice(i, i + 50))));
    for (const r of rows) out.set(r.id, r.files);
  }
  return out;
}

/**
 * Several messages as one ZIP of `<protocol>.<ext>` files (manual 3.3.1 "Download"); they count
 * as heard from then on. Every id must be visible to the actor and have its audio stored.
 */
export async function downloadMessagesZip(deps: Pick<Deps, 'db' | 'blobs' | 'now'>, scope: Scope, ids: string[], format: AudioFormat): Promise<{ body: ReadableStream<Uint8Array>; messages: VoicemailMessage[] }> {
  const { db, blobs } = deps;
  if (new Set(ids).size > MAX_ZIP_MESSAGES) throw fieldError('ids', `at most ${MAX_ZIP_MESSAGES} messages per download`);
  if (!blobs) throw new ApiError('NOT_CONFIGURED', 'no object storage is configured');
  const messages = await visibleMessageRows(db, scope, ids);
  const files = await audioFilesOf(db, scope.orgId, messages.map((m) => m.audioId));
  const entries = messages.map((m): ZipSource => {
    const file = files.get(m.audioId)?.[format];
    if (!file) throw notFound(`audio of ${m.protocol}`);
    return { name: `${m.protocol}.${format}`, mtime: m.receivedAt, open: () => blobs.get(file.key) };
  });
  await markHeard(db, scope.orgId, messages.map((m) => m.id), 'download', deps.now());
  return { body: zipStream(entries), messages };
}
