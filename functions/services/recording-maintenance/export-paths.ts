import type { RecordingModule, StoredRecording } from './recording-set.js';

/**
 * The month folder of a recording: the name's own date when it starts with one (the sets name
 * recordings on their site's clock, so the folder agrees with the file name), else UTC.
 */
export function recordingMonth(rec: Pick<StoredRecording, 'name' | 'startedAt'>): string {
  return /^\d{4}-\d{2}/.exec(rec.name)?.[0] ?? rec.startedAt.toISOString().slice(0, 7);
}

/** `<module>/<YYYY-MM>/<name>.<format>`: the same path in a ZIP, a bucket (after the prefix) or a node folder. */
export function exportEntryPath(module: RecordingModule, rec: Pick<StoredRecording, 'name' | 'startedAt'>, format: 'wav' | 'gsm' | 'mp3'): string {
  return `${module}/${recordingMonth(rec)}/${rec.name}.${format}`;
}

/** The object key in a target bucket: the prefix (without stray slashes) before the entry path. */
export function bucketKey(prefix: string, path: string): string {
  const clean = prefix.split('/').filter((p) => p !== '' && p !== '.' && p !== '..').join('/');
  return clean ? `${clean}/${path}` : path;
}
