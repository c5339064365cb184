import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alawDecode, alawDecodeInto, alawEncode, alawEncodeInto, ulawDecode, ulawEncode, ulawEncodeInto } from '../../../media-node/codecs/g711.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-g711-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const RAW = ['-t', 'raw', '-r', '8000', '-c', '1'];

/** sox without dither (-D), which would otherwise add noise before companding. */
async function soxEncode(pcm: Int16Array, encoding: 'a-law' | 'u-law'): Promise<Uint8Array> {
  const input = join(dir, `in-${encoding}.raw`);
  const output = join(dir, `out-${encoding}.raw`);
  await writeFile(input, new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  execFileSync('sox', ['-D', ...RAW, '-e', 'signed', '-b', '16', input, ...RAW, '-e', encoding, output], { stdio: 'pipe' });
  return new Uint8Array(await readFile(output));
}

async function soxDecode(bytes: Uint8Array, encoding: 'a-law' | 'u-law'): Promise<Int16Array> {
  const input = join(dir, `code-${encoding}.raw`);
  const output = join(dir, `lin-${encoding}.raw`);
  await writeFile(input, bytes);
  execFileSync('sox', ['-D', ...RAW, '-e', encoding, '-b', '8', input, ...RAW, '-e', 'signed', '-b', '16', output], { stdio: 'pipe' });
  const raw = await readFile(output);
  return new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
}

function ramp(): Int16Array {
  const pcm = new Int16Array(65536);
  for (let i = 0; i < pcm.length; i++) pcm[i] = i - 32768;
  return pcm;
}

async function speech(): Promise<Int16Array> {
  const wav = join(dir, 'speech.wav');
  const raw = join(dir, 'speech.raw');
  execFileSync('espeak-ng', ['-v', 'pt-br', '-w', wav, 'Você tem duas mensagens novas. Para ouvir, tecle um.']);
  execFileSync('sox', ['-D', wav, ...RAW, '-e', 'signed', '-b', '16', raw]);
  const bytes = await readFile(raw);
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

const firstDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
};

describe('G.711 against sox', () => {
  it('A-law encodes every 16-bit value exactly as sox does', async () => {
    const pcm = ramp();
    expect(firstDifference(alawEncode(pcm), await soxEncode(pcm, 'a-law'))).toBe(-1);
  });

  it('µ-law encodes every 16-bit value exactly as sox does', async () => {
    const pcm = ramp();
    expect(firstDifference(ulawEncode(pcm), await soxEncode(pcm, 'u-law'))).toBe(-1);
  });

  it('both laws encode espeak-ng speech exactly as sox does', async () => {
    const pcm = await speech();
    expect(pcm.length).toBeGreaterThan(8000);
    expect(firstDifference(alawEncode(pcm), await soxEncode(pcm, 'a-law'))).toBe(-1);
    expect(firstDifference(ulawEncode(pcm), await soxEncode(pcm, 'u-law'))).toBe(-1);
  });

  it('decodes all 256 codewords of each law to the values sox gives', async () => {
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(firstDifference(alawDecode(codes), await soxDecode(codes, 'a-law'))).toBe(-1);
    expect(firstDifference(ulawDecode(codes), await soxDecode(codes, 'u-law'))).toBe(-1);
  });
});

describe('G.711 codewords', () => {
  it('gives the standard idle and full-scale codes', () => {
    expect([...alawEncode(Int16Array.of(0, 32767, -32768))]).toEqual([0xd5, 0xaa, 0x2a]);
    expect([...ulawEncode(Int16Array.of(0, 32767, -32768))]).toEqual([0xff, 0x80, 0x00]);
    expect([...alawDecode(Uint8Array.of(0xaa))]).toEqual([32256]);
    expect([...ulawDecode(Uint8Array.of(0x80))]).toEqual([32124]);
  });

  it('keeps a decoded frame stable through another encode (codewords are fixed points)', () => {
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect([...alawEncode(alawDecode(codes))]).toEqual([...codes]);
    // µ-law has two zeros (0x7f and 0xff); both decode to 0, which encodes to 0xff.
    const back = ulawEncode(ulawDecode(codes));
    expect([...back].filter((c, i) => c !== i)).toEqual([0xff]);
  });
});

describe('G.711 zero-allocation path', () => {
  it('fills the caller buffer for one 160-sample RTP frame and returns it', () => {
    const frame = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
    const payload = new Uint8Array(160);
    expect(alawEncodeInto(frame, payload)).toBe(payload);
    expect([...payload]).toEqual([...alawEncode(frame)]);
    const back = new Int16Array(160);
    expect(alawDecodeInto(payload, back)).toBe(back);
    expect(Math.max(...back.map((v, i) => Math.abs(v - (frame[i] as number))))).toBeLessThanOrEqual(256);
  });

  it('refuses an output buffer shorter than the input', () => {
    expect(() => ulawEncodeInto(new Int16Array(160), new Uint8Array(159))).toThrow(RangeError);
  });
});
