import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CentralClient } from '../central/client.js';
import { toMono } from '../codecs/resample.js';
import { CentralError } from '../central/errors.js';
import type { NodeLogger } from '../log.js';
import { writeFileAtomic } from './atomic-write.js';
import type { AudioEncoders } from './encoders.js';
import { audioFileName } from './layout.js';
import { AUDIO_FILES, type AudioFileKind, type FileState, type ItemManifest } from './manifest.js';
import type { Spool } from './spool.js';
import { decodeSpoolWav } from './wav-file.js';

export const CONTENT_TYPES: Record<AudioFileKind, string> = { wav: 'audio/wav', gsm: 'audio/x-gsm', mp3: 'audio/mpeg' };

export interface ItemContext {
  spool: Spool;
  client: CentralClient;
  encoders: AudioEncoders;
  log: NodeLogger;
  /** Checked between steps: stop() lets the current step finish and the rest wait for the next start. */
  stopping: () => boolean;
}

/** The step an item is in, for logs and the rejection record. */
export type Step = 'encode' | 'handshake' | 'put' | 'audio' | 'delete';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Derives GSM and MP3 from the WAV once; their hashes in the manifest make later steps repeatable. */
async function encodeItem(ctx: ItemContext, manifest: ItemManifest): Promise<ItemManifest> {
  const dir = ctx.spool.itemDir(manifest.id);
  const wav = new Uint8Array(await readFile(join(dir, audioFileName('wav'))));
  const mono = toMono(decodeSpoolWav(wav));
  const gsm = await ctx.encoders.gsm(mono);
  const mp3 = await ctx.encoders.mp3(mono);
  await writeFileAtomic(join(dir, audioFileName('gsm')), gsm);
  await writeFileAtomic(join(dir, audioFileName('mp3')), mp3);
  const state = (bytes: Uint8Array): FileState => ({ size: bytes.byteLength, sha256: sha256(bytes), key: null });
  const encoded: ItemManifest = { ...manifest, files: { wav: state(wav), gsm: state(gsm), mp3: state(mp3) } };
  await ctx.spool.writeItem(encoded);
  return encoded;
}

export class StepError extends Error {
  constructor(readonly step: Step, override readonly cause: unknown) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

async function step<T>(name: Step, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new StepError(name, error);
  }
}

export class MissingObjectsError extends Error {
  readonly code = 'MISSING_OBJECTS';
}

/**
 * The central app answers 400 naming files.<kind> when an object we uploaded is not (or no longer)
 * in storage: that is a request to upload again, not a refusal of the item.
 */
async function forgetMissingObjects(ctx: ItemContext, manifest: ItemManifest, error: unknown): Promise<unknown> {
  if (!(error instanceof CentralError) || error.status !== 400) return error;
  const missing = AUDIO_FILES.filter((kind) => error.fields.includes(`files.${kind}`));
  if (missing.length === 0) return error;
  const files = { ...manifest.files };
  for (const kind of missing) files[kind] = { ...files[kind]!, key: null };
  await ctx.spool.writeItem({ ...manifest, files });
  ctx.log.warn('central app lacks uploaded objects; uploading them again', { itemId: manifest.id, missing });
  return new MissingObjectsError(`objects missing in storage: ${missing.join(', ')}`, { cause: error });
}

/**
 * Moves one item through encode → (handshake → PUT) per file → POST /audio → delete. Every step is
 * recorded in the manifest or repeatable by key, so a crash anywhere only redoes harmless work.
 * Returns false when stopped between steps.
 */
export async function uploadItem(ctx: ItemContext, id: string): Promise<boolean> {
  let manifest = await ctx.spool.readItem(id);
  if (!manifest.files.wav || !manifest.files.gsm || !manifest.files.mp3) manifest = await step('encode', () => encodeItem(ctx, manifest));
  for (const kind of AUDIO_FILES) {
    const file = manifest.files[kind]!;
    if (file.key) continue;
    if (ctx.stopping()) return false;
    const ticket = await step('handshake', () =>
      ctx.client.requestUpload({ name: `audio/${id}/${audioFileName(kind)}`, contentType: CONTENT_TYPES[kind], size: file.size, sha256: file.sha256 }));
    if (ticket.upload) {
      const upload = ticket.upload;
      await step('put', () => ctx.client.putFile(upload, join(ctx.spool.itemDir(id), audioFileName(kind)), file.size, CONTENT_TYPES[kind]));
    }
    manifest = { ...manifest, files: { ...manifest.files, [kind]: { ...file, key: ticket.key } } };
    await ctx.spool.writeItem(manifest);
  }
  if (ctx.stopping()) return false;
  const files = Object.fromEntries(AUDIO_FILES.map((kind) => {
    const f = manifest.files[kind]!;
    return [kind, { key: f.key!, size: f.size, sha256: f.sha256 }];
  }));
  try {
    await ctx.client.postAudio({
      id, kind: manifest.kind, startedAt: manifest.startedAt, durationMs: manifest.durationMs, files, metadata: { ...manifest.metadata, channels: manifest.channels },
    });
  } catch (error) {
    throw new StepError('audio', await forgetMissingObjects(ctx, manifest, error));
  }
  // Only now, with the central app's acknowledgement, may the node forget the audio.
  await step('delete', () => ctx.spool.removeItem(id));
  ctx.log.info('audio uploaded', { itemId: id, kind: manifest.kind, durationMs: manifest.durationMs });
  return true;
}
