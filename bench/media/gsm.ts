/**
 * GSM 06.10 speed: our encoder and decoder against libgsm's `toast` / `untoast` on the same ~60 s
 * of espeak-ng speech, in the same run. Throughput is × real time (seconds of audio per
 * second of wall clock; for the tools that includes spawning the process, about a millisecond). The two
 * sides alternate over 5 rounds after a warm-up, medians kept. Run alone with `npx tsx bench/media/gsm.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeGsm, encodeGsm } from '../../media-node/codecs/gsm/index.js';

export interface GsmBenchRow {
  name: string;
  ours: number;
  baseline: number;
  ratio: number;
  unit: string;
}

const RATE = 8000;
const SECONDS = 60;
const RUNS = 5;
const TEXT =
  'Welcome to the voice mail system. You have three new messages and two saved messages. ' +
  'First new message, received today at ten forty five in the morning, from extension two hundred and twelve. ' +
  'To listen to the message again, press one. To delete it, press seven. To save it, press nine. ' +
  'To record a new greeting, press two, speak after the tone, and press the pound key when you are finished.';

function tool(cmd: string, args: string[]): Buffer {
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return r.stdout;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median wall times in ms of a and b over RUNS rounds after one warm-up each. The two alternate
 * within a round so that load from other processes falls on both alike.
 */
function timePair(a: () => unknown, b: () => unknown): [number, number] {
  a();
  b();
  const msA: number[] = [];
  const msB: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    a();
    msA.push(performance.now() - t);
    t = performance.now();
    b();
    msB.push(performance.now() - t);
  }
  return [median(msA), median(msB)];
}

function speech(dir: string): Int16Array {
  const wav = join(dir, 'speech.wav');
  tool('espeak-ng', ['-v', 'en', '-w', wav, TEXT]);
  const raw = tool('sox', [wav, '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed', '-t', 'raw', '-']);
  const clip = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + (raw.byteLength & ~1)));
  const pcm = new Int16Array(RATE * SECONDS);
  for (let i = 0; i < pcm.length; i++) pcm[i] = clip[i % clip.length]!;
  return pcm;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function row(name: string, [oursMs, toolMs]: [number, number]): GsmBenchRow {
  const ours = (SECONDS * 1000) / oursMs;
  const baseline = (SECONDS * 1000) / toolMs;
  return { name, ours, baseline, ratio: ours / baseline, unit: '× real time' };
}

export async function benchGsm(): Promise<GsmBenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ramal-bench-gsm-'));
  try {
    const pcm = speech(dir);
    const rawPath = join(dir, 'speech.raw');
    const gsmPath = join(dir, 'speech.gsm');
    writeFileSync(rawPath, new Uint8Array(pcm.buffer));
    writeFileSync(gsmPath, tool('toast', ['-l', '-c', rawPath]));
    const reference = new Uint8Array(readFileSync(gsmPath));
    // A fast codec that is wrong is worth nothing: check parity before timing.
    if (!sameBytes(encodeGsm(pcm), reference)) throw new Error('GSM encoder output differs from toast');
    const decoded = decodeGsm(reference);
    if (!sameBytes(new Uint8Array(decoded.buffer), tool('untoast', ['-l', '-c', gsmPath]))) throw new Error('GSM decoder output differs from untoast');

    const encode = row('GSM 06.10 encode (ours ÷ toast)', timePair(() => encodeGsm(pcm), () => tool('toast', ['-l', '-c', rawPath])));
    const decode = row('GSM 06.10 decode (ours ÷ untoast)', timePair(() => decodeGsm(reference), () => tool('untoast', ['-l', '-c', gsmPath])));
    return [encode, decode];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(rows: GsmBenchRow[]): void {
  const head = ['benchmark', 'ours', 'libgsm', 'ratio'];
  const cells = rows.map((r) => [r.name, `${r.ours.toFixed(0)}${r.unit.startsWith('×') ? '×' : ` ${r.unit}`}`, `${r.baseline.toFixed(0)}×`, r.ratio.toFixed(2)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log([line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n'));
  console.log(`${SECONDS} s of 8 kHz speech; × real time = audio duration ÷ wall time, median of ${RUNS} runs; libgsm timed as a process per run.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await benchGsm());
}
