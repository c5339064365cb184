import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRamalMedia } from '../../../media-node/cli/ramal-media.js';
import { AudioFormatError, contentTypeOf, decodeAudio, formatFromPath, transcodeFile } from '../../../media-node/codecs/formats.js';
import { decodeWav } from '../../../media-node/codecs/wav.js';

let dir: string;
let wav8: string;
let speech: Int16Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-transcode-'));
  const spoken = join(dir, 'spoken.wav');
  wav8 = join(dir, 'speech.wav');
  execFileSync('espeak-ng', ['-v', 'de', '-w', spoken, 'Sie haben eine neue Nachricht. Drücken Sie die Eins, um sie anzuhören.']);
  execFileSync('sox', ['-D', spoken, '-r', '8000', wav8]);
  speech = decodeWav(await readFile(wav8)).channels[0] as Int16Array;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the command in-process, capturing what it prints. */
async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runRamalMedia(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const at = (name: string) => join(dir, name);

describe('formats by extension', () => {
  it('maps every documented extension, in any case', () => {
    const cases: [string, string][] = [['a.WAV', 'wav'], ['a.gsm', 'gsm'], ['a.mp3', 'mp3'], ['a.raw', 'raw'], ['a.sln', 'raw'], ['a.al', 'alaw'], ['a.alaw', 'alaw'], ['a.ul', 'ulaw'], ['a.ulaw', 'ulaw'], ['a.mu', 'ulaw']];
    expect(cases.map(([path]) => formatFromPath(path))).toEqual(cases.map(([, format]) => format));
    expect(contentTypeOf('mp3')).toBe('audio/mpeg');
    expect(contentTypeOf('wav')).toBe('audio/wav');
  });

  it('throws AudioFormatError for an unknown or missing extension', () => {
    expect(() => formatFromPath('prompt.ogg')).toThrow(AudioFormatError);
    expect(() => formatFromPath('prompt')).toThrow(AudioFormatError);
  });
});

describe('transcodeFile', () => {
  it('wav -> gsm -> wav keeps the duration (to the 20 ms frame)', async () => {
    const there = await transcodeFile(wav8, at('a.gsm'));
    expect(there).toEqual({ inFormat: 'wav', outFormat: 'gsm', seconds: speech.length / 8000 });
    await transcodeFile(at('a.gsm'), at('back.wav'));
    const back = decodeWav(await readFile(at('back.wav')));
    expect(back.sampleRate).toBe(8000);
    expect(Math.ceil(speech.length / 160) * 160).toBe((back.channels[0] as Int16Array).length);
  });

  it('writes .gsm byte-identical to toast on the same 8 kHz audio', async () => {
    await transcodeFile(wav8, at('ours.gsm'));
    execFileSync('sox', [wav8, '-t', 'raw', '-e', 'signed', '-b', '16', at('speech.raw')]);
    const toastOut = execFileSync('toast', ['-l', '-c', at('speech.raw')], { maxBuffer: 1 << 24 });
    expect(Buffer.compare(await readFile(at('ours.gsm')), toastOut)).toBe(0);
  });

  it('wav -> mp3 -> wav keeps duration within 50 ms', async () => {
    await transcodeFile(wav8, at('a.mp3'));
    const result = await transcodeFile(at('a.mp3'), at('from-mp3.wav'));
    expect(Math.abs(result.seconds - speech.length / 8000)).toBeLessThan(0.05);
  });

  it('reads a 44.1 kHz stereo MP3 made by lame as 8 kHz mono', async () => {
    execFileSync('sox', [wav8, '-r', '44100', '-c', '2', at('cd.wav')]);
    execFileSync('lame', ['--quiet', '-b', '128', at('cd.wav'), at('cd.mp3')]);
    const pcm = await decodeAudio(await readFile(at('cd.mp3')), 'mp3');
    expect(Math.abs(pcm.length - speech.length) / 8000).toBeLessThan(0.05);
  });

  it('goes through raw, A-law and µ-law and back with G.711 error only', async () => {
    for (const ext of ['raw', 'al', 'ul', 'sln']) {
      await transcodeFile(wav8, at(`x.${ext}`));
      await transcodeFile(at(`x.${ext}`), at(`x-${ext}.wav`));
      const back = decodeWav(await readFile(at(`x-${ext}.wav`))).channels[0] as Int16Array;
      expect(back.length).toBe(speech.length);
      const worst = back.reduce((m, v, i) => Math.max(m, Math.abs(v - (speech[i] as number))), 0);
      expect(worst).toBeLessThanOrEqual(ext === 'raw' || ext === 'sln' ? 0 : 1024);
    }
  });

  it('reads µ-law written by sox the same as sox reads it back', async () => {
    execFileSync('sox', ['-D', wav8, '-t', 'raw', '-e', 'u-law', at('sox.ul')]);
    execFileSync('sox', ['-t', 'raw', '-r', '8000', '-e', 'u-law', at('sox.ul'), '-t', 'raw', '-e', 'signed', '-b', '16', at('sox-ul.raw')]);
    const ours = await decodeAudio(await readFile(at('sox.ul')), 'ulaw');
    expect(Buffer.compare(Buffer.from(ours.buffer), await readFile(at('sox-ul.raw')))).toBe(0);
  });

  it('rejects a corrupt .gsm with AudioFormatError', async () => {
    await writeFile(at('bad.gsm'), new Uint8Array(33 * 3).fill(0x11));
    await expect(transcodeFile(at('bad.gsm'), at('bad.wav'))).rejects.toBeInstanceOf(AudioFormatError);
  });
});

describe('ramal-media command', () => {
  it('transcodes and prints a one-line summary, exit 0', async () => {
    const run = await cli('transcode', wav8, at('cli.gsm'));
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^.*\(wav\) -> .*\(gsm\): \d+\.\d\d s of audio in \d+ ms\n$/);
  });

  it('exits 2 with a clear message for an unknown extension, a missing file, bad arguments or bad audio', async () => {
    await writeFile(at('junk.wav'), 'not audio');
    const cases = [
      { argv: ['transcode', wav8, at('out.ogg')], says: /unknown audio file extension "\.ogg"/ },
      { argv: ['transcode', at('missing.wav'), at('out.gsm')], says: /ENOENT/ },
      { argv: ['transcode', wav8], says: /exactly two file names/ },
      { argv: ['convert', 'a', 'b'], says: /unknown command "convert"/ },
      { argv: ['transcode', at('junk.wav'), at('out.gsm')], says: /not a WAV file/ },
    ];
    for (const { argv, says } of cases) {
      const run = await cli(...argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
      expect(run.err).toMatch(says);
    }
  });

  it('prints help with --help (exit 0) and with no arguments (exit 2)', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/transcode IN OUT/);
    expect((await cli()).code).toBe(2);
  });

  it('runs as a real process through tsx', () => {
    const ok = spawnSync('npx', ['tsx', 'media-node/cli/ramal-media.ts', 'transcode', wav8, at('proc.mp3')], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/\(mp3\)/);
    const bad = spawnSync('npx', ['tsx', 'media-node/cli/ramal-media.ts', 'transcode', wav8, at('proc.xyz')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown audio file extension/);
  });
});
