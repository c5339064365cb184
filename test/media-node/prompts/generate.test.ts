import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeWav } from '../../../media-node/codecs/wav.js';
import { jsonLogger, silentLogger } from '../../../media-node/log.js';
import { generatePrompts, trimSilence } from '../../../media-node/prompts/generate.js';

const hasEspeak = (() => {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-generate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!hasEspeak)('generatePrompts with espeak-ng', () => {
  it('writes 8 kHz mono 16-bit WAVs of plausible, non-silent speech', async () => {
    const result = await generatePrompts({ promptsDir: dir, languages: ['pt-BR', 'ja', 'de'], ids: ['welcome', 'enter-pin', 'n-21'], log: silentLogger, concurrency: 2 });
    // only German has a whole prompt for 21 (Portuguese and Japanese compose it): 2 + 2 + 3
    expect(result).toEqual({ available: true, generated: 7, skipped: 0, failed: 0 });
    for (const [language, id] of [['pt-BR', 'enter-pin'], ['ja', 'welcome'], ['de', 'n-21']] as const) {
      const bytes = new Uint8Array(await readFile(join(dir, 'generated', language, `${id}.wav`)));
      expect(bytes[34]).toBe(16); // bits per sample in the fmt chunk
      const { sampleRate, channels } = decodeWav(bytes);
      expect(sampleRate).toBe(8000);
      expect(channels).toHaveLength(1);
      const pcm = channels[0] as Int16Array;
      const seconds = pcm.length / 8000;
      expect(seconds, `${language}/${id}`).toBeGreaterThan(0.3);
      expect(seconds, `${language}/${id}`).toBeLessThan(6);
      const rms = Math.sqrt(pcm.reduce((s, x) => s + x * x, 0) / pcm.length);
      expect(rms, `${language}/${id}`).toBeGreaterThan(300);
    }
    expect(await readdir(join(dir, 'generated', 'ja'))).not.toContain('n-21.wav');
  });

  it('skips existing files unless forced', async () => {
    const options = { promptsDir: dir, languages: ['en'] as const, ids: ['goodbye'], log: silentLogger };
    await generatePrompts(options);
    const first = await stat(join(dir, 'generated', 'en', 'goodbye.wav'));
    expect(await generatePrompts(options)).toMatchObject({ generated: 0, skipped: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(await generatePrompts({ ...options, force: true })).toMatchObject({ generated: 1, skipped: 0 });
    const second = await stat(join(dir, 'generated', 'en', 'goodbye.wav'));
    expect(second.mtimeMs).toBeGreaterThan(first.mtimeMs);
    expect((await readdir(join(dir, 'generated', 'en'))).filter((f) => f.includes('partial'))).toEqual([]);
  });
});

describe('generatePrompts without espeak-ng', () => {
  it('logs one clear line and returns without generating', async () => {
    const lines: string[] = [];
    const log = jsonLogger('debug', {}, (l) => lines.push(l));
    const empty = await mkdtemp(join(tmpdir(), 'ramal-nopath-'));
    try {
      const result = await generatePrompts({ promptsDir: dir, languages: ['en'], ids: ['welcome'], log, env: { PATH: empty } });
      expect(result).toEqual({ available: false, generated: 0, skipped: 0, failed: 0 });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('espeak-ng is not installed');
      await expect(stat(join(dir, 'generated'))).rejects.toThrow();
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('trimSilence', () => {
  it('cuts leading and trailing silence down to a 20 ms pad', () => {
    const pcm = new Int16Array(8000);
    pcm.fill(5000, 2000, 3000);
    const trimmed = trimSilence(pcm);
    expect(trimmed.length).toBe(1000 + 2 * 160);
    expect(trimmed[160]).toBe(5000);
  });

  it('returns empty audio for pure silence', () => {
    expect(trimSilence(new Int16Array(800)).length).toBe(0);
  });
});
