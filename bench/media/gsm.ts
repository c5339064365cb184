/**
 * GSM 06.10 speed: our encoder and decoder against libgsm's `toast` / `untoast` on the same ~60 s
 * of espeak-ng speech, in the same run. Throughput is × real time (seconds of audio per
 * second of wall clock; for the tools that includes spawning the process, about a millisecond). The two
 * sides alternate over 5 rounds after a warm-up, medians kept. Run alone with `npx tsx bench/media/gsm.ts`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeGsm, encodeGsm } from '../../media-node/codecs/gsm/index.js';
import { formatTable, realTime, row, RUNS, runTool, speech, SPEECH_SECONDS, timePair, type BenchRow } from './reference-tools.js';

export type GsmBenchRow = BenchRow;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function versus(name: string, [oursMs, toolMs]: [number, number]): GsmBenchRow {
  return row(name, realTime(oursMs), realTime(toolMs), '× real time');
}

export async function benchGsm(): Promise<GsmBenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ramal-bench-gsm-'));
  try {
    const pcm = speech(dir);
    const rawPath = join(dir, 'speech.raw');
    const gsmPath = join(dir, 'speech.gsm');
    writeFileSync(rawPath, new Uint8Array(pcm.buffer));
    writeFileSync(gsmPath, runTool('toast', ['-l', '-c', rawPath]));
    const reference = new Uint8Array(readFileSync(gsmPath));
    // A fast codec that is wrong is worth nothing: check parity before timing.
    if (!sameBytes(encodeGsm(pcm), reference)) throw new Error('GSM encoder output differs from toast');
    const decoded = decodeGsm(reference);
    if (!sameBytes(new Uint8Array(decoded.buffer), runTool('untoast', ['-l', '-c', gsmPath]))) throw new Error('GSM decoder output differs from untoast');

    const encode = versus('GSM 06.10 encode (ours ÷ toast)', timePair(() => encodeGsm(pcm), () => runTool('toast', ['-l', '-c', rawPath])));
    const decode = versus('GSM 06.10 decode (ours ÷ untoast)', timePair(() => decodeGsm(reference), () => runTool('untoast', ['-l', '-c', gsmPath])));
    return [encode, decode];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatTable(await benchGsm()));
  console.log(`${SPEECH_SECONDS} s of 8 kHz speech; × real time = audio duration ÷ wall time, median of ${RUNS} runs; libgsm timed as a process per run.`);
}
