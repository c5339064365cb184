/**
 * What the codec benchmarks share: running a reference tool (toast, lame, sox) as a process, timing
 * ours against it in the same run, the speech both sides encode, and the printed table.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SAMPLE_RATE } from '../../media-node/audio/pcm.js';

export interface BenchRow {
  name: string;
  ours: number;
  baseline: number;
  ratio: number;
  unit: string;
}

/** Seconds of speech each codec benchmark encodes. */
export const SPEECH_SECONDS = 60;
/** Timed runs per measurement, after one warm-up; the median is kept. */
export const RUNS = 5;

const TEXT =
  'Welcome to the voice mail system. You have three new messages and two saved messages. ' +
  'First new message, received today at ten forty five in the morning, from extension two hundred and twelve. ' +
  'To listen to the message again, press one. To delete it, press seven. To save it, press nine. ' +
  'To record a new greeting, press two, speak after the tone, and press the pound key when you are finished.';

/** Runs a tool to completion and returns its stdout; a failure stops the benchmark, not skews it. */
export function runTool(cmd: string, args: string[]): Buffer {
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return r.stdout;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall time in ms of fn over RUNS runs after one warm-up. */
export function medianMs(fn: () => unknown): number {
  return timePair(fn, () => undefined)[0];
}

/**
 * Median wall times in ms of a and b over RUNS rounds after one warm-up each. The two alternate
 * within a round so that load from other processes falls on both alike.
 */
export function timePair(a: () => unknown, b: () => unknown): [number, number] {
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

/** SPEECH_SECONDS of espeak-ng speech at 8 kHz (the clip repeated), converted by sox; `dir` holds the scratch WAV. */
export function speech(dir: string): Int16Array {
  const wav = join(dir, 'espeak.wav');
  runTool('espeak-ng', ['-v', 'en', '-w', wav, TEXT]);
  const raw = runTool('sox', [wav, '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', '-e', 'signed', '-t', 'raw', '-']);
  const clip = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + (raw.byteLength & ~1)));
  return Int16Array.from({ length: SAMPLE_RATE * SPEECH_SECONDS }, (_, i) => clip[i % clip.length]!);
}

/** Audio seconds per wall second for an operation over the whole speech clip. */
export const realTime = (ms: number): number => (SPEECH_SECONDS * 1000) / ms;

export function row(name: string, ours: number, baseline: number, unit: string): BenchRow {
  return { name, ours, baseline, ratio: baseline === 0 ? 0 : ours / baseline, unit };
}

const number = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString('en') : n.toFixed(n >= 100 ? 0 : 2));

/** The rows as an aligned text table, one benchmark per line. */
export function formatTable(rows: BenchRow[]): string {
  const head = ['benchmark', 'ours', 'baseline', 'ratio', 'unit'];
  const cells = rows.map((r) => [r.name, number(r.ours), number(r.baseline), r.ratio.toFixed(2), r.unit]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 || i === 4 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
