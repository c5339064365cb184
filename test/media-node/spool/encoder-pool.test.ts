import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeGsm } from '../../../media-node/codecs/gsm/index.js';
import { encodeMp3 } from '../../../media-node/codecs/mp3.js';
import { defaultEncoderThreads, NodeConfigError, parseNodeEnv } from '../../../media-node/config.js';
import { EncoderPoolError, workerEncoders } from '../../../media-node/spool/encoders.js';
import { testTone } from './central-fixture.js';
import { ALIVE_CHANNEL, EXIT_MARK } from './fixtures/probe-encoders.js';

const probes = new URL('./fixtures/probe-encoders.ts', import.meta.url);
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((e) => e.close()));
});

/** A pool whose `gsm` and `mp3` are two of the probe encoders. */
function probePool(gsm: string, mp3: string, threads?: number) {
  const pool = workerEncoders({ gsm: { module: probes, export: gsm }, mp3: { module: probes, export: mp3 }, threads });
  opened.push(pool);
  return pool;
}

const int32s = (bytes: Uint8Array) => [...new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)];
const float64s = (bytes: Uint8Array) => [...new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8)];

describe('encoder pool', () => {
  it('with threads: 2, two jobs run at the same time on two different workers (each sees the other while running)', async () => {
    const pool = probePool('meetPeer', 'meetPeer', 2);
    const [a, b] = await Promise.all([pool.gsm(new Int16Array(20_000)), pool.mp3(new Int16Array(20_000))]);
    const [aSelf, aPeer] = int32s(a);
    const [bSelf, bPeer] = int32s(b);
    expect(aSelf).not.toBe(bSelf);
    expect(aPeer).toBe(bSelf);
    expect(bPeer).toBe(aSelf);
  });

  it('with the default of one thread, jobs run one after another (the same rendezvous finds no peer)', async () => {
    const pool = probePool('meetPeer', 'meetPeer');
    const results = await Promise.allSettled([pool.gsm(new Int16Array(500)), pool.mp3(new Int16Array(500))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/no other job was running/);
  });

  it('never runs two jobs at once on one worker, nor more workers than threads', async () => {
    const pool = probePool('napAndReport', 'napAndReport', 2);
    const runs = (await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? pool.mp3 : pool.gsm)(new Int16Array(60))))).map(float64s);
    const byWorker = new Map<number, [number, number][]>();
    for (const [thread, start, end] of runs) byWorker.set(thread!, [...(byWorker.get(thread!) ?? []), [start!, end!]]);
    expect(byWorker.size).toBe(2);
    for (const intervals of byWorker.values()) {
      intervals.sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < intervals.length; i++) expect(intervals[i]![0]).toBeGreaterThanOrEqual(intervals[i - 1]![1]);
    }
  });

  it('a worker that exits fails only the job it was running: the job on the other worker finishes', async () => {
    const pool = probePool('exitOnMark', 'napAndReport', 2);
    const napping = pool.mp3(new Int16Array(400));
    const crash = pool.gsm(Int16Array.of(EXIT_MARK));
    await expect(crash).rejects.toSatisfy((e) => e instanceof EncoderPoolError && e.code === 'WORKER_EXITED' && /exited \(7\)/.test(e.message));
    expect(float64s(await napping)).toHaveLength(3);
  });

  it('after a worker died, the next job (queued behind the crash) succeeds on a fresh worker', async () => {
    const pool = probePool('exitOnMark', 'exitOnMark', 1);
    const [first] = int32s(await pool.gsm(new Int16Array(10)));
    const crash = pool.gsm(Int16Array.of(EXIT_MARK));
    const next = pool.mp3(new Int16Array(10));
    await expect(crash).rejects.toBeInstanceOf(EncoderPoolError);
    const [second] = int32s(await next);
    expect(second).not.toBe(first);
    const [third] = int32s(await pool.gsm(new Int16Array(10)));
    expect(third).toBe(second);
  });

  it('gives the same bytes as the codecs called directly, with jobs spread over three threads', async () => {
    const pool = workerEncoders({
      gsm: { module: new URL('../../../media-node/codecs/gsm/index.ts', import.meta.url), export: 'encodeGsm' },
      mp3: { module: new URL('../../../media-node/codecs/mp3.ts', import.meta.url), export: 'encodeMp3' },
      threads: 3,
    });
    opened.push(pool);
    const tones = [testTone(2000, 1), testTone(3000, 2), testTone(1500, 3)];
    const encoded = await Promise.all(tones.flatMap((pcm) => [pool.gsm(pcm), pool.mp3(pcm)]));
    tones.forEach((pcm, i) => {
      expect(Buffer.from(encoded[2 * i]!).equals(Buffer.from(encodeGsm(pcm)))).toBe(true);
      expect(Buffer.from(encoded[2 * i + 1]!).equals(Buffer.from(encodeMp3(pcm)))).toBe(true);
    });
  });

  it('close() ends every worker: running jobs reject, the threads stop answering, later jobs are refused', async () => {
    const pool = probePool('stayAlive', 'stayAlive', 2);
    const channel = new BroadcastChannel(ALIVE_CHANNEL);
    const started = new Set<number>();
    const alive = new Set<number>();
    channel.onmessage = (event) => {
      const data = (event as { data: unknown }).data as { started?: number; alive?: number };
      if (data.started !== undefined) started.add(data.started);
      if (data.alive !== undefined) alive.add(data.alive);
    };
    try {
      const jobs = [pool.gsm(new Int16Array(10)), pool.mp3(new Int16Array(10))].map((p) => Promise.resolve(p).catch((e: unknown) => e));
      await until(() => started.size === 2);
      channel.postMessage('ping');
      await until(() => alive.size === 2); // the probe can tell living threads apart from gone ones
      await pool.close();
      for (const error of await Promise.all(jobs)) expect(error).toSatisfy((e) => e instanceof EncoderPoolError && e.code === 'CLOSED');
      alive.clear();
      channel.postMessage('ping');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(alive.size).toBe(0);
      await expect(pool.gsm(new Int16Array(10))).rejects.toSatisfy((e) => e instanceof EncoderPoolError && e.code === 'CLOSED');
    } finally {
      channel.close();
    }
  });

  it('idle workers do not keep the process alive (a process that never calls close() exits by itself)', async () => {
    const script = fileURLToPath(new URL('./fixtures/pool-left-open.ts', import.meta.url));
    const child = spawn('npx', ['tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(false);
      }, 20_000);
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    expect(out).toContain('DONE');
    expect(exited).toBe(true);
  });

  it('refuses threads below 1', () => {
    expect(() => workerEncoders({ gsm: { module: probes, export: 'exitOnMark' }, mp3: { module: probes, export: 'exitOnMark' }, threads: 0 })).toThrow(RangeError);
  });
});

describe('RAMAL_ENCODER_THREADS', () => {
  const base = { RAMAL_CENTRAL_URL: 'http://central:3000', RAMAL_SITE_TOKEN: 'rml_x' };

  it('defaults to one core less than the machine has, from 1 to 4', () => {
    expect(parseNodeEnv(base).RAMAL_ENCODER_THREADS).toBe(defaultEncoderThreads());
    expect([1, 2, 3, 8, 64].map((cores) => defaultEncoderThreads(cores))).toEqual([1, 1, 2, 4, 4]);
  });

  it('takes a whole number from 1 to 32', () => {
    expect(parseNodeEnv({ ...base, RAMAL_ENCODER_THREADS: '1' }).RAMAL_ENCODER_THREADS).toBe(1);
    expect(parseNodeEnv({ ...base, RAMAL_ENCODER_THREADS: '32' }).RAMAL_ENCODER_THREADS).toBe(32);
  });

  it.each(['0', '33', 'x', '2.5'])('refuses %j, naming the variable', (value) => {
    expect(() => parseNodeEnv({ ...base, RAMAL_ENCODER_THREADS: value })).toThrow(NodeConfigError);
    expect(() => parseNodeEnv({ ...base, RAMAL_ENCODER_THREADS: value })).toThrow(/RAMAL_ENCODER_THREADS: must be a whole number of threads from 1 to 32/);
  });
});

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
