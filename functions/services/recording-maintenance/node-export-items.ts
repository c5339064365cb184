import type { Db } from '../../db.js';
import { fieldError, notFound } from '../../errors.js';
import type { JobRow } from '../jobs/job-queue.js';
import type { NodeExportItems } from '../jobs/node-jobs-contract.js';
import type { Scope } from '../scope.js';
import type { BlobStore } from '../storage/blob-store.js';
import { AUDIO_CONTENT_TYPES, type AudioFormat, type OpenedAudio } from '../voicemail/voicemail-audio.js';
import { exportEntryPath } from './export-paths.js';
import { jobScope } from './job-scope.js';
import { NODE_RECORDINGS_EXPORT_JOB, RecordingsExportInputSchema, type RecordingsExportInput } from './maintenance-jobs.js';
import type { RecordingCursor, RecordingModule, RecordingPeriod, RecordingSet, StoredRecording } from './recording-set.js';

/**
 * What a media node writes for a node:recordings-export job, read through the module's
 * RecordingSet: file paths `<folder>/<module>/<YYYY-MM>/<name>.<format>` (the same entry paths as
 * a ZIP or bucket export), paged with an opaque cursor.
 */
export type RecordingSets = Partial<Record<RecordingModule, RecordingSet>>;

export interface NodeExport {
  job: JobRow;
  input: RecordingsExportInput & { target: { kind: 'node-folder'; folder: string } };
  set: RecordingSet;
  /** The starter's scope narrowed to the job's site: the node never sees another site's recordings. */
  scope: Scope;
  siteId: string;
  period: RecordingPeriod;
}

/** The export a held job describes, or NOT_FOUND when it is not a node-folder export of a known module. */
export function nodeExportOf(job: JobRow, sets: RecordingSets): NodeExport {
  const parsed = RecordingsExportInputSchema.safeParse(job.input);
  if (job.kind !== NODE_RECORDINGS_EXPORT_JOB || !job.siteId || !parsed.success || parsed.data.target.kind !== 'node-folder') throw notFound('recordings export');
  const set = sets[parsed.data.module];
  if (!set) throw notFound(`${parsed.data.module} recordings`);
  const { from, to } = parsed.data;
  return {
    job, set, siteId: job.siteId,
    input: parsed.data as NodeExport['input'],
    scope: narrowedTo(jobScope(job), job.siteId),
    period: { from: from ? new Date(from) : null, to: to ? new Date(to) : null },
  };
}

function narrowedTo(scope: Scope, siteId: string): Scope {
  return { ...scope, siteIds: scope.siteIds === null || scope.siteIds.includes(siteId) ? [siteId] : [] };
}

export function encodeCursor(c: RecordingCursor): string {
  const bytes = new TextEncoder().encode(`${c.startedAt.getTime()}.${c.id}`);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(text: string): RecordingCursor {
  let plain = '';
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    plain = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
  } catch {
    // Falls through to the refusal below.
  }
  const m = /^(\d{1,15})\.(.+)$/s.exec(plain);
  if (!m) throw fieldError('after', 'not a cursor this API gave');
  return { startedAt: new Date(Number(m[1])), id: m[2]! };
}

/** The set promises FAT-safe names; a name that is not one still cannot leave its folder. */
function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return /^\.*$/.test(cleaned) ? `_${cleaned}` : cleaned;
}

export function itemsOf(exp: NodeExport, recordings: StoredRecording[]): NodeExportItems['items'] {
  const folder = exp.input.target.folder.replace(/\/+$/, '');
  return recordings.flatMap((r) =>
    exp.input.formats.flatMap((format) => {
      const file = r.files[format];
      if (!file) return [];
      const path = [folder, exportEntryPath(exp.set.module, { name: safeName(r.name), startedAt: r.startedAt }, format)].filter(Boolean).join('/');
      return [{ recordingId: r.id, path, format, size: file.size, startedAt: r.startedAt.toISOString() }];
    }),
  );
}

/** The page of files after `after` (null: from the start), `limit` recordings at most. */
export async function nodeExportItems(db: Db, exp: NodeExport, after: string | null, limit: number): Promise<NodeExportItems> {
  const cursor = after ? decodeCursor(after) : null;
  const [recordings, total] = await Promise.all([
    exp.set.page(db, exp.scope, exp.period, exp.siteId, cursor, limit),
    exp.set.count(db, exp.scope, exp.period, exp.siteId),
  ]);
  const last = recordings.at(-1);
  return { items: itemsOf(exp, recordings), next: last && recordings.length >= limit ? encodeCursor(last) : null, total };
}

/**
 * One file of the export. `at` (the item's startedAt) narrows the period to that instant, so the
 * set itself says whether the recording is part of this export, without a lookup of its own.
 */
export async function openNodeExportAudio(db: Db, blobs: BlobStore, exp: NodeExport, recordingId: string, format: AudioFormat, at: Date): Promise<OpenedAudio> {
  const { from, to } = exp.period;
  const inPeriod = (!from || at >= from) && (!to || at < to);
  const found = inPeriod ? await exp.set.page(db, exp.scope, { from: at, to: new Date(at.getTime() + 1) }, exp.siteId, null, 100) : [];
  const file = exp.input.formats.includes(format) ? found.find((r) => r.id === recordingId)?.files[format] : undefined;
  if (!file) throw notFound('recording');
  const body = await blobs.get(file.key);
  if (!body) throw notFound('recording file');
  return { body, size: file.size, contentType: AUDIO_CONTENT_TYPES[format] };
}
