import { randomUUID } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { NodeLogger } from '../log.js';
import { fsyncDir, moveDurable, writeFileAtomic } from './atomic-write.js';
import { ITEM_MANIFEST, audioFileName, type SpoolLayout } from './layout.js';
import { AUDIO_KINDS, SpoolError, type ItemManifest } from './manifest.js';
import { WAV_HEADER_BYTES, durationMsOf, spoolWavData, spoolWavHeader } from './wav-file.js';

const BeginAudioSchema = z.object({
  id: z.string().uuid().optional(),
  kind: z.enum(AUDIO_KINDS),
  startedAt: z.union([z.date(), z.string().datetime({ offset: true })]),
  channels: z.union([z.literal(1), z.literal(2)]).default(1),
  metadata: z.record(z.string(), z.unknown()).default({}),
  /** How often appended audio is forced to disk; a crash loses at most this much. */
  syncIntervalMs: z.number().int().min(10).default(1000),
});
export type BeginAudioInput = z.input<typeof BeginAudioSchema>;

export interface AudioWriter {
  readonly id: string;
  /** A mono frame, or one frame per channel for stereo. Never blocks: the disk write is queued. */
  write(frame: Int16Array | readonly Int16Array[]): void;
  /** Seals the recording as a complete item; resolves once it is durable. */
  finish(metadata?: Record<string, unknown>): Promise<{ id: string; durationMs: number }>;
  /** Drops the recording (nothing of it is kept). */
  abort(): Promise<void>;
}

export async function beginStreamingAudio(layout: SpoolLayout, raw: BeginAudioInput, log: NodeLogger, onComplete: (id: string) => void): Promise<AudioWriter> {
  const parsed = BeginAudioSchema.safeParse(raw);
  if (!parsed.success) throw new SpoolError('BAD_INPUT', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const input = parsed.data;
  const id = input.id ?? randomUUID();
  const dir = join(layout.incoming, id);
  await mkdir(dir);
  let manifest: ItemManifest = {
    version: 1, id, kind: input.kind, startedAt: typeof input.startedAt === 'string' ? input.startedAt : input.startedAt.toISOString(),
    durationMs: 0, channels: input.channels, state: 'recording', metadata: input.metadata, files: {},
  };
  // The manifest goes first: recovery needs it to know what the audio is.
  await writeFileAtomic(join(dir, ITEM_MANIFEST), JSON.stringify(manifest));
  const handle: FileHandle = await open(join(dir, audioFileName('wav')), 'w');
  await handle.write(spoolWavHeader(input.channels, 0));
  await handle.sync();
  await fsyncDir(layout.incoming);

  let dataBytes = 0;
  // Frames written between two disk writes are coalesced: one syscall per burst, not per 20 ms frame.
  let pending: Uint8Array[] = [];
  let pendingAt = 0;
  let flushQueued = false;
  let chain: Promise<unknown> = Promise.resolve();
  let failure: unknown = null;
  let open_ = true;
  const enqueue = (task: () => Promise<unknown>) => {
    chain = chain.then(task).catch((error: unknown) => {
      if (!failure) log.error('recording write failed', { itemId: id, error: String(error) });
      failure ??= error;
    });
    return chain;
  };
  const timer = setInterval(() => void enqueue(() => handle.datasync()), input.syncIntervalMs);
  timer.unref();
  const close = async () => {
    open_ = false;
    clearInterval(timer);
    await chain;
    await handle.close().catch(() => undefined);
  };

  return {
    id,
    write(frame) {
      if (!open_) throw new SpoolError('WRITER_FINISHED', `recording ${id} is finished`);
      const frames = frame instanceof Int16Array ? [frame] : [...frame];
      if (frames.length !== input.channels) throw new SpoolError('BAD_INPUT', `expected ${input.channels} channel(s), got ${frames.length}`);
      const bytes = spoolWavData(frames);
      if (pending.length === 0) pendingAt = WAV_HEADER_BYTES + dataBytes;
      pending.push(bytes);
      dataBytes += bytes.byteLength;
      if (flushQueued) return;
      flushQueued = true;
      void enqueue(async () => {
        flushQueued = false;
        const burst = Buffer.concat(pending);
        const at = pendingAt;
        pending = [];
        await handle.write(burst, 0, burst.byteLength, at);
      });
    },
    async finish(metadata) {
      if (!open_) throw new SpoolError('WRITER_FINISHED', `recording ${id} is finished`);
      open_ = false;
      clearInterval(timer);
      await enqueue(async () => {
        await handle.write(spoolWavHeader(input.channels, dataBytes), 0, WAV_HEADER_BYTES, 0);
        await handle.sync();
      });
      await handle.close();
      if (failure) throw failure;
      manifest = { ...manifest, state: 'complete', durationMs: durationMsOf(dataBytes, input.channels), metadata: { ...manifest.metadata, ...metadata } };
      await writeFileAtomic(join(dir, ITEM_MANIFEST), JSON.stringify(manifest));
      await moveDurable(dir, join(layout.audio, id));
      onComplete(id);
      return { id, durationMs: manifest.durationMs };
    },
    async abort() {
      if (!open_) return;
      await close();
      await rm(dir, { recursive: true, force: true });
      await fsyncDir(layout.incoming);
    },
  };
}
