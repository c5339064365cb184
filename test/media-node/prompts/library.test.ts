import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeWav } from '../../../media-node/codecs/wav.js';
import { jsonLogger } from '../../../media-node/log.js';
import { createPromptLibrary } from '../../../media-node/prompts/library.js';

let dir: string;
let lines: string[];
const log = () => jsonLogger('debug', {}, (line) => lines.push(line));

async function put(kind: 'custom' | 'generated', language: string, id: string, value: number, rate = 8000, channels = 1) {
  await mkdir(join(dir, kind, language), { recursive: true });
  const samples = Array.from({ length: channels }, () => new Int16Array(rate / 10).fill(value)); // 100 ms
  await writeFile(join(dir, kind, language, `${id}.wav`), encodeWav(samples, rate));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-prompts-'));
  lines = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('prompt library', () => {
  it('prefers a custom recording over the generated prompt', async () => {
    await put('generated', 'es', 'welcome', 100);
    await put('custom', 'es', 'welcome', 200);
    const pcm = await createPromptLibrary({ dir, siteLanguage: 'pt-BR', log: log() }).get('welcome', 'es');
    expect(pcm?.[0]).toBe(200);
  });

  it('falls back to the generated prompt of the language', async () => {
    await put('generated', 'es', 'welcome', 100);
    await put('custom', 'pt-BR', 'welcome', 300);
    expect((await createPromptLibrary({ dir, siteLanguage: 'pt-BR', log: log() }).get('welcome', 'es'))?.[0]).toBe(100);
  });

  it('then to the site language, then to English', async () => {
    await put('generated', 'pt-BR', 'goodbye', 300);
    await put('generated', 'en', 'goodbye', 400);
    await put('generated', 'en', 'welcome', 500);
    const library = createPromptLibrary({ dir, siteLanguage: 'pt-BR', log: log() });
    expect((await library.get('goodbye', 'ja'))?.[0]).toBe(300);
    expect((await library.get('welcome', 'ja'))?.[0]).toBe(500);
    expect((await library.get('goodbye', 'ja', 'fr'))?.[0]).toBe(400);
  });

  it('converts a custom WAV of any rate and channel count to 8 kHz mono', async () => {
    await put('custom', 'en', 'welcome', 1000, 44100, 2);
    const pcm = await createPromptLibrary({ dir, siteLanguage: 'en', log: log() }).get('welcome', 'en');
    expect(pcm?.length).toBe(800); // 100 ms at 8 kHz
    expect(Math.abs((pcm?.[400] ?? 0) - 1000)).toBeLessThan(5);
  });

  it('a missing prompt returns null and warns once', async () => {
    const library = createPromptLibrary({ dir, siteLanguage: 'pt-BR', log: log() });
    expect(await library.get('nothing-here', 'de')).toBeNull();
    expect(await library.get('nothing-here', 'de')).toBeNull();
    const warnings = lines.map((l) => JSON.parse(l)).filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ id: 'nothing-here', languages: ['de', 'pt-BR', 'en'] });
  });

  it('skips an unreadable file and uses the next candidate', async () => {
    await mkdir(join(dir, 'custom', 'en'), { recursive: true });
    await writeFile(join(dir, 'custom', 'en', 'welcome.wav'), 'not a wav');
    await put('generated', 'en', 'welcome', 600);
    const pcm = await createPromptLibrary({ dir, siteLanguage: 'en', log: log() }).get('welcome', 'en');
    expect(pcm?.[0]).toBe(600);
    expect(lines.some((l) => l.includes('unreadable prompt file'))).toBe(true);
  });

  it('refuses ids that could leave the prompts directory', async () => {
    await put('generated', 'en', 'welcome', 1);
    const library = createPromptLibrary({ dir, siteLanguage: 'en', log: log() });
    expect(await library.get('../en/welcome', 'en')).toBeNull();
  });

  it('serves from memory after the first load, until cleared', async () => {
    await put('generated', 'en', 'welcome', 700);
    const library = createPromptLibrary({ dir, siteLanguage: 'en', log: log() });
    expect((await library.get('welcome', 'en'))?.[0]).toBe(700);
    await put('generated', 'en', 'welcome', 800);
    expect((await library.get('welcome', 'en'))?.[0]).toBe(700);
    library.clear();
    expect((await library.get('welcome', 'en'))?.[0]).toBe(800);
  });

  it('keeps the cache within its bound by evicting the least recently used', async () => {
    await put('generated', 'en', 'a', 1);
    await put('generated', 'en', 'b', 2);
    const library = createPromptLibrary({ dir, siteLanguage: 'en', log: log(), cacheSamples: 1000 }); // room for one 800-sample prompt
    await library.get('a', 'en');
    await library.get('b', 'en');
    await put('generated', 'en', 'a', 3);
    await put('generated', 'en', 'b', 4);
    expect((await library.get('b', 'en'))?.[0]).toBe(2); // still cached
    expect((await library.get('a', 'en'))?.[0]).toBe(3); // evicted, reloaded
  });
});
