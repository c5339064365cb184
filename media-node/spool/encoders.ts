import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What the uploader needs to derive the GSM and MP3 copies (mono, 8 kHz) from the spooled WAV. */
export interface AudioEncoders {
  gsm(pcm: Int16Array): Uint8Array | Promise<Uint8Array>;
  mp3(pcm: Int16Array): Uint8Array | Promise<Uint8Array>;
}

export interface WorkerEncoderSpec {
  /** Module exporting the encoders, e.g. new URL('../codecs/mp3.js', import.meta.url). */
  gsm: { module: string | URL; export: string };
  mp3: { module: string | URL; export: string };
  /** Most worker threads encoding at once (default 1); each runs one job at a time. */
  threads?: number;
}

/** A job that failed because of the pool, not the encoder: its worker died, or the pool was closed. */
export class EncoderPoolError extends Error {
  constructor(readonly code: 'WORKER_EXITED' | 'CLOSED', message: string) {
    super(message);
    this.name = 'EncoderPoolError';
  }
}

/**
 * How a worker can load TypeScript sources when the node runs under tsx (or a test runner): a
 * worker does not inherit the loader hooks, so it registers tsx's ESM hooks before importing.
 */
function workerSource(entry: URL): { source: string; evalMode: boolean } {
  if (entry.pathname.endsWith('.js')) return { source: entry.href, evalMode: false };
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = require(pkgPath) as { exports: Record<string, { import?: { default?: string } }> };
  const api = new URL(pkg.exports['./esm/api']?.import?.default ?? './dist/esm/api/index.mjs', pathToFileURL(pkgPath)).href;
  return { source: `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`, evalMode: true };
}

interface Job {
  id: number;
  codec: 'gsm' | 'mp3';
  /** Our own copy, whose buffer is transferred to the worker. */
  pcm: Int16Array<ArrayBuffer>;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/**
 * Runs the encoders in worker threads so minutes of MP3 encoding never stall the event loop that
 * paces RTP, and so many recordings ending together are encoded in parallel. Up to `threads`
 * workers are started lazily as work arrives. A job goes to an idle worker, or waits here in
 * arrival order until one is idle: one job at a time per worker means a job never sits behind a
 * long encode on one worker while another worker is free, and a dying worker takes only its own
 * job with it (the next job starts a replacement). Idle workers are unref'd so they never keep the
 * process alive; a worker with a job is ref'd so an encode in progress is not cut short.
 */
export function workerEncoders(spec: WorkerEncoderSpec): AudioEncoders & { close(): Promise<void> } {
  const threads = spec.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number of at least 1, not ${threads}`);
  const specs = { gsm: { module: String(spec.gsm.module), export: spec.gsm.export }, mp3: { module: String(spec.mp3.module), export: spec.mp3.export } };
  const ext = import.meta.url.endsWith('.js') ? '.js' : '.ts';
  const { source, evalMode } = workerSource(new URL(`./encode-worker${ext}`, import.meta.url));
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  // 'error' and then 'exit' both arrive for a crash; only the first one retires the slot.
  const retire = (slot: Slot, error: Error) => {
    if (!slots.delete(slot)) return;
    const job = slot.job;
    slot.job = null;
    job?.reject(error);
    pump();
  };

  const start = (): Slot => {
    const worker = new Worker(evalMode ? source : new URL(source), { eval: evalMode, workerData: specs });
    worker.unref();
    const slot: Slot = { worker, job: null };
    worker.on('message', (message: { id: number; bytes?: Uint8Array; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      slot.job = null;
      worker.unref();
      if (message.bytes) job.resolve(message.bytes);
      else job.reject(new Error(message.error ?? 'encoder failed'));
      pump();
    });
    worker.on('error', (error) => retire(slot, error));
    worker.on('exit', (code) => retire(slot, new EncoderPoolError('WORKER_EXITED', `encoder worker exited (${code})`)));
    slots.add(slot);
    return slot;
  };

  const pump = () => {
    while (!closed && queue.length > 0) {
      let slot: Slot | undefined;
      for (const s of slots) if (s.job === null) { slot = s; break; }
      if (!slot) {
        if (slots.size >= threads) return;
        slot = start();
      }
      const job = queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, codec: job.codec, pcm: job.pcm }, [job.pcm.buffer]);
    }
  };

  const run = (codec: 'gsm' | 'mp3') => (pcm: Int16Array) =>
    new Promise<Uint8Array>((resolve, reject) => {
      if (closed) return reject(new EncoderPoolError('CLOSED', 'encoders are closed'));
      // A copy of our own to transfer: the caller keeps its samples.
      queue.push({ id: nextId++, codec, pcm: pcm.slice(), resolve, reject });
      pump();
    });

  return {
    gsm: run('gsm'),
    mp3: run('mp3'),
    async close() {
      closed = true;
      const error = new EncoderPoolError('CLOSED', 'encoders are closed');
      for (const job of queue.splice(0)) job.reject(error);
      const all = [...slots];
      slots.clear();
      for (const slot of all) slot.job?.reject(error);
      await Promise.all(all.map((slot) => slot.worker.terminate()));
    },
  };
}
