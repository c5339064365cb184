import type { AudioFile } from '../../../schema/index.js';
import { ApiError, notFound } from '../../errors.js';
import type { BlobStore } from '../storage/blob-store.js';
import { AUDIO_CONTENT_TYPES, type AudioFormat } from './voicemail-audio.js';

export type ByteRange = { start: number; end: number };

/**
 * One range of an RFC 9110 `Range: bytes=…` header: null when absent or not a single byte range
 * we understand (the whole file is sent then, as the RFC allows), 'unsatisfiable' when it lies past
 * the end. Browsers seek with one open or closed range, never several.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (!match[1] && !match[2])) return null;
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  if (match[2] && Number(match[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** Reads a slice through the store's ranged read, or by skipping when the store has none. */
async function readSlice(blobs: BlobStore, key: string, range: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
  if (blobs.getRange) return blobs.getRange(key, range.start, range.end);
  const whole = await blobs.get(key);
  if (!whole) return null;
  let offset = 0;
  return whole.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const from = Math.max(range.start - offset, 0);
        const to = Math.min(range.end + 1 - offset, chunk.byteLength);
        if (from < to) controller.enqueue(chunk.subarray(from, to));
        offset += chunk.byteLength;
      },
    }),
  );
}

/** A message's audio as an HTTP answer: 200 whole, 206 for a range, 416 past the end. */
export async function audioResponse(blobs: BlobStore | null, file: AudioFile | null, format: AudioFormat, rangeHeader: string | undefined, downloadName: string | null): Promise<Response> {
  if (!blobs) throw new ApiError('NOT_CONFIGURED', 'no object storage is configured');
  if (!file) throw notFound('voicemail audio');
  const size = (await blobs.head(file.key))?.size;
  if (size === undefined) throw notFound('voicemail audio');
  const headers: Record<string, string> = {
    'content-type': AUDIO_CONTENT_TYPES[format],
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-store',
  };
  if (downloadName) headers['content-disposition'] = `attachment; filename="${downloadName.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` } });
  if (range) {
    const body = await readSlice(blobs, file.key, range);
    if (!body) throw notFound('voicemail audio');
    const length = range.end - range.start + 1;
    return new Response(body, { status: 206, headers: { ...headers, 'content-length': String(length), 'content-range': `bytes ${range.start}-${range.end}/${size}` } });
  }
  const body = await blobs.get(file.key);
  if (!body) throw notFound('voicemail audio');
  return new Response(body, { status: 200, headers: { ...headers, 'content-length': String(size) } });
}
