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

/**
 * Runs the encoders in a worker thread so minutes of MP3 encoding never stall the event loop that
 * paces RTP. Jobs are sent one at a time per worker; the worker is started lazily and unref'd.
 */
export function workerEncoders(spec: WorkerEncoderSpec): AudioEncoders & { close(): Promise<void> } {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
    worker = null;
  };
  const get = (): Worker => {
    if (worker) return worker;
    const ext = import.meta.url.endsWith('.js') ? '.js' : '.ts';
    const { source, evalMode } = workerSource(new URL(`./encode-worker${ext}`, import.meta.url));
    const specs = { gsm: { module: String(spec.gsm.module), export: spec.gsm.export }, mp3: { module: String(spec.mp3.module), export: spec.mp3.export } };
    const started = new Worker(evalMode ? source : new URL(source), { eval: evalMode, workerData: specs });
    started.unref();
    started.on('message', (message: { id: number; bytes?: Uint8Array; error?: string }) => {
      const job = pending.get(message.id);
      pending.delete(message.id);
      if (!job) return;
      if (message.bytes) job.resolve(message.bytes);
      else job.reject(new Error(message.error ?? 'encoder failed'));
      if (pending.size === 0) started.unref();
    });
    started.on('error', failAll);
    started.on('exit', (code) => failAll(new Error(`encoder worker exited (${code})`)));
    worker = started;
    return started;
  };
  const run = (codec: 'gsm' | 'mp3') => (pcm: Int16Array) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const w = get();
      w.ref();
      const copy = pcm.slice();
      w.postMessage({ id, codec, pcm: copy }, [copy.buffer]);
    });
  return {
    gsm: run('gsm'),
    mp3: run('mp3'),
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
