/**
 * `npm run bench:media`: the media node's benchmarks, each against a baseline measured in the same
 * run: GSM 06.10 vs libgsm's toast/untoast, MP3 vs lame, RTP packets per second per core vs raw
 * dgram echo, and the call load one core keeps vs a bare Node echo. One table, then one JSON line.
 * BENCH_QUICK=1 for a short run; BENCH_ONLY=gsm,mp3,rtp,calls,mixer,siprec to pick benches (siprec: 120
 * concurrent SIPREC sessions placed by sipp, see siprec-load.ts).
 */
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { benchCallLoad, callLoadConfig, type CallLoadResult } from './call-load.js';
import { benchGsm } from './gsm.js';
import { benchMixer } from './mixer.js';
import { benchMp3 } from './mp3.js';
import { benchSiprecLoad, siprecLoadConfig, type SiprecLoadResult } from './siprec-load.js';

interface Row {
  name: string;
  ours: number;
  baseline: number;
  ratio: number;
  unit: string;
}

const BENCHES = ['gsm', 'mp3', 'rtp', 'calls', 'mixer', 'siprec'] as const;
type BenchName = (typeof BENCHES)[number];

const Only = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.enum(BENCHES)).min(1));

/** bench/media/rtp.ts is another engineer's; run it when it is there. */
async function loadRtp(): Promise<(() => Promise<Row[]>) | undefined> {
  const file = join(import.meta.dirname, 'rtp.ts');
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as { benchRtp?: () => Promise<Row[]> };
  return mod.benchRtp;
}

const fmt = (v: number) => (!Number.isFinite(v) ? '-' : Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

function table(rows: Row[]): string {
  const head = ['benchmark', 'ours', 'baseline', 'ratio', 'unit'];
  const cells = rows.map((r) => [r.name, fmt(r.ours), fmt(r.baseline), Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '-', r.unit]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 || i === 4 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export async function runMediaBench(env: Record<string, string | undefined>): Promise<{ rows: Row[]; failed: string[] }> {
  const only: BenchName[] = env.BENCH_ONLY ? Only.parse(env.BENCH_ONLY) : [...BENCHES];
  const rows: Row[] = [];
  const failed: string[] = [];
  let calls: CallLoadResult | undefined;
  let siprec: SiprecLoadResult | undefined;
  const started = performance.now();
  const run = async (name: BenchName, bench: () => Promise<Row[]>) => {
    if (!only.includes(name)) return;
    const t = performance.now();
    console.log(`\n[${name}]`);
    try {
      rows.push(...(await bench()));
      console.log(`[${name}] done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    } catch (error) {
      failed.push(name);
      console.error(`[${name}] failed:`, error);
    }
  };
  console.log(`Ramal media bench: Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
  await run('gsm', benchGsm);
  await run('mp3', benchMp3);
  const rtp = await loadRtp();
  if (rtp) await run('rtp', rtp);
  else if (only.includes('rtp')) console.log('\n[rtp] bench/media/rtp.ts not present: skipped');
  await run('calls', async () => {
    calls = await benchCallLoad(callLoadConfig(env));
    return calls.rows;
  });
  await run('mixer', () => benchMixer(env));
  await run('siprec', async () => {
    siprec = await benchSiprecLoad(siprecLoadConfig(env));
    return siprec.rows;
  });
  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`\n${table(rows)}\n`);
  console.log(`ratio = ours ÷ baseline: higher is better for calls, × real time, frames/s and packets/s; lower is better for % of a core, ms, and packets or frames lost. Total ${totalSeconds.toFixed(0)} s.`);
  if (failed.length) console.log(`failed: ${failed.join(', ')}`);
  console.log(JSON.stringify({
    bench: 'ramal-media', node: process.version, cores: availableParallelism(), quick: env.BENCH_QUICK === '1', rows, failed,
    callLoad: calls && { config: calls.config, pinning: calls.pinning, steps: calls.steps },
    siprecLoad: siprec && { config: siprec.config, pinning: siprec.pinning, phases: siprec.phases }, totalSeconds,
  }));
  return { rows, failed };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Quick mode shortens the RTP bench too, unless it was given its own length.
  if (process.env.BENCH_QUICK === '1') process.env.BENCH_RTP_SECONDS ??= '2';
  const { failed } = await runMediaBench(process.env);
  process.exitCode = failed.length ? 1 : 0;
}
