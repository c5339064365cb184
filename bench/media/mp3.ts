/**
 * MP3 and G.711 speed. MP3: our lamejs encoder against the `lame` binary at the same bit rate on
 * the same ~60 s of 8 kHz espeak-ng speech, as × real time (for lame, wall time includes spawning
 * it, about a millisecond). G.711: A-law and µ-law encode + decode of 160-sample RTP frames with the
 * zero-allocation functions, against `sox` doing the same conversions on the whole file, in frames
 * per second (50 frames per second is one call direction). Median of 5 runs after a warm-up.
 * Run alone with `npx tsx bench/media/mp3.ts`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FRAME_SAMPLES, SAMPLE_RATE } from '../../media-node/audio/pcm.js';
import { alawDecodeInto, alawEncodeInto, ulawDecodeInto, ulawEncodeInto } from '../../media-node/codecs/g711.js';
import { DEFAULT_MP3_KBPS, encodeMp3 } from '../../media-node/codecs/mp3.js';
import { encodeWav } from '../../media-node/codecs/wav.js';
import { formatTable, medianMs, realTime, row, runTool, speech, type BenchRow } from './reference-tools.js';

export type Mp3BenchRow = BenchRow;

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
    writeFileSync(wavPath, encodeWav(pcm, SAMPLE_RATE));
    writeFileSync(rawPath, new Uint8Array(pcm.buffer));
    const rows: Mp3BenchRow[] = [];

    const oursMp3 = realTime(medianMs(() => encodeMp3(pcm, { kbps: DEFAULT_MP3_KBPS })));
    const lameMp3 = realTime(medianMs(() => runTool('lame', ['--quiet', '-b', String(DEFAULT_MP3_KBPS), wavPath, join(dir, 'lame.mp3')])));
    rows.push(row(`MP3 encode ${DEFAULT_MP3_KBPS} kbps vs lame`, oursMp3, lameMp3, '× real time'));

    const frames = Math.floor(pcm.length / FRAME_SAMPLES);
    const fps = (ms: number) => (frames * 1000) / ms;
    const laws = [
      { law: 'a-law', encode: alawEncodeInto, decode: alawDecodeInto },
      { law: 'u-law', encode: ulawEncodeInto, decode: ulawDecodeInto },
    ];
    for (const { law, encode, decode } of laws) {
      const ours = fps(medianMs(() => g711Frames(pcm, encode, decode)));
      const coded = join(dir, `speech.${law}`);
      const soxRaw = ['-t', 'raw', '-r', String(SAMPLE_RATE), '-c', '1'];
      const sox = fps(medianMs(() => {
        runTool('sox', ['-D', ...soxRaw, '-e', 'signed', '-b', '16', rawPath, ...soxRaw, '-e', law, coded]);
        runTool('sox', ['-D', ...soxRaw, '-e', law, '-b', '8', coded, ...soxRaw, '-e', 'signed', '-b', '16', join(dir, 'back.raw')]);
      }));
      rows.push(row(`G.711 ${law} encode+decode per 20 ms frame vs sox`, ours, sox, 'frames/s'));
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatTable(await benchMp3()));
}
