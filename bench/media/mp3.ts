/**
 * MP3 and G.711 speed. MP3: our lamejs encoder against the `lame` binary at the same bit rate on
 * the same ~60 s of 8 kHz espeak-ng speech, as × real time (for lame, wall time includes spawning
 * it, about a millisecond). G.711: A-law and µ-law encode + decode of 160-sample RTP frames with the
 * zero-allocation functions, against `sox` doing the same conversions on the whole file, in frames
 * per second (50 frames per second is one call direction). Median of 5 runs after a warm-up.
 * Run alone with `npx tsx bench/media/mp3.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FRAME_SAMPLES } from '../../media-node/audio/pcm.js';
import { alawDecodeInto, alawEncodeInto, ulawDecodeInto, ulawEncodeInto } from '../../media-node/codecs/g711.js';
import { DEFAULT_MP3_KBPS, encodeMp3 } from '../../media-node/codecs/mp3.js';
import { encodeWav } from '../../media-node/codecs/wav.js';

export interface Mp3BenchRow {
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
  'To listen to the message again, press one. To delete it, press seven. To save it, press nine.';

function tool(cmd: string, args: string[]): Buffer {
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return r.stdout;
}

/** Median wall time in ms of fn over RUNS runs after one warm-up. */
function time(fn: () => unknown): number {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return [...ms].sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}

function speech(dir: string): Int16Array {
  const wav = join(dir, 'spoken.wav');
  tool('espeak-ng', ['-v', 'en', '-w', wav, TEXT]);
  const raw = tool('sox', [wav, '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed', '-t', 'raw', '-']);
  const clip = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + (raw.byteLength & ~1)));
  return Int16Array.from({ length: RATE * SECONDS }, (_, i) => clip[i % clip.length] as number);
}

/** Encodes then decodes every frame, as one call direction each way would. */
function g711Frames(pcm: Int16Array, encode: typeof alawEncodeInto, decode: typeof alawDecodeInto): void {
  const payload = new Uint8Array(FRAME_SAMPLES);
  const back = new Int16Array(FRAME_SAMPLES);
  for (let at = 0; at + FRAME_SAMPLES <= pcm.length; at += FRAME_SAMPLES) {
    encode(pcm.subarray(at, at + FRAME_SAMPLES), payload);
    decode(payload, back);
  }
}

export async function benchMp3(): Promise<Mp3BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ramal-bench-mp3-'));
  try {
    const pcm = speech(dir);
    const wavPath = join(dir, 'speech.wav');
    const rawPath = join(dir, 'speech.raw');
    writeFileSync(wavPath, encodeWav(pcm, RATE));
    writeFileSync(rawPath, new Uint8Array(pcm.buffer));
    const realTime = (ms: number) => (SECONDS * 1000) / ms;
    const rows: Mp3BenchRow[] = [];

    const oursMp3 = realTime(time(() => encodeMp3(pcm, { kbps: DEFAULT_MP3_KBPS })));
    const lameMp3 = realTime(time(() => tool('lame', ['--quiet', '-b', String(DEFAULT_MP3_KBPS), wavPath, join(dir, 'lame.mp3')])));
    rows.push({ name: `MP3 encode ${DEFAULT_MP3_KBPS} kbps vs lame`, ours: oursMp3, baseline: lameMp3, ratio: oursMp3 / lameMp3, unit: '× real time' });

    const frames = Math.floor(pcm.length / FRAME_SAMPLES);
    const fps = (ms: number) => (frames * 1000) / ms;
    const laws = [
      { law: 'a-law', encode: alawEncodeInto, decode: alawDecodeInto },
      { law: 'u-law', encode: ulawEncodeInto, decode: ulawDecodeInto },
    ];
    for (const { law, encode, decode } of laws) {
      const ours = fps(time(() => g711Frames(pcm, encode, decode)));
      const coded = join(dir, `speech.${law}`);
      const soxRaw = ['-t', 'raw', '-r', String(RATE), '-c', '1'];
      const sox = fps(time(() => {
        tool('sox', ['-D', ...soxRaw, '-e', 'signed', '-b', '16', rawPath, ...soxRaw, '-e', law, coded]);
        tool('sox', ['-D', ...soxRaw, '-e', law, '-b', '8', coded, ...soxRaw, '-e', 'signed', '-b', '16', join(dir, 'back.raw')]);
      }));
      rows.push({ name: `G.711 ${law} encode+decode per 20 ms frame vs sox`, ours, baseline: sox, ratio: ours / sox, unit: 'frames/s' });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString('en') : n.toFixed(1));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchMp3();
  console.log(['benchmark'.padEnd(52), 'ours'.padStart(14), 'baseline'.padStart(14), 'ratio'.padStart(8), '  unit'].join(''));
  for (const r of rows) console.log([r.name.padEnd(52), fmt(r.ours).padStart(14), fmt(r.baseline).padStart(14), r.ratio.toFixed(3).padStart(8), `  ${r.unit}`].join(''));
}
