import { join } from 'node:path';
import type { NodeLogger } from '../log.js';
import type { PromptLanguage } from './languages.js';
import { readWavFile } from './wav-file.js';

export interface PromptLibrary {
  /**
   * The prompt as 8 kHz mono PCM, trying `language`, then the site language, then English; in each,
   * a recorded `custom/<lang>/<id>.wav` before the `generated/<lang>/<id>.wav`. Null when none exists.
   */
  get(id: string, language: PromptLanguage, siteLanguage?: PromptLanguage): Promise<Int16Array | null>;
}

export interface PromptLibraryOptions {
  /** Holds `custom/<lang>/` (recorded prompts, any WAV) and `generated/<lang>/` (espeak-ng output). */
  dir: string;
  siteLanguage: PromptLanguage;
  log: NodeLogger;
  /** Bound of the in-memory cache, in samples (default 8 M samples ≈ 17 minutes, 16 MB). */
  cacheSamples?: number;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export class FilePromptLibrary implements PromptLibrary {
  private readonly cache = new Map<string, Int16Array>();
  private readonly loading = new Map<string, Promise<Int16Array | null>>();
  private readonly warned = new Set<string>();
  private cachedSamples = 0;

  constructor(private readonly options: PromptLibraryOptions) {}

  async get(id: string, language: PromptLanguage, siteLanguage = this.options.siteLanguage): Promise<Int16Array | null> {
    if (!SAFE_ID.test(id)) {
      this.warnOnce(`id:${id}`, 'invalid prompt id', { id });
      return null;
    }
    const key = `${language}|${siteLanguage}|${id}`;
    const hit = this.cache.get(key);
    if (hit) {
      // Map order is insertion order: re-inserting makes this the most recently used entry.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(id, [language, siteLanguage, 'en']).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    const pcm = await pending;
    if (pcm) this.remember(key, pcm);
    return pcm;
  }

  /** Forgets cached audio, e.g. after an operator dropped new recorded prompts in place. */
  clear(): void {
    this.cache.clear();
    this.cachedSamples = 0;
  }

  private async load(id: string, languages: PromptLanguage[]): Promise<Int16Array | null> {
    for (const language of new Set(languages)) {
      for (const kind of ['custom', 'generated']) {
        const path = join(this.options.dir, kind, language, `${id}.wav`);
        try {
          return await readWavFile(path);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
          this.warnOnce(`bad:${path}`, 'unreadable prompt file skipped', { path, error: String(error) });
        }
      }
    }
    this.warnOnce(`missing:${languages[0]}:${id}`, 'prompt missing; playing nothing', { id, languages: [...new Set(languages)] });
    return null;
  }

  private remember(key: string, pcm: Int16Array): void {
    const limit = this.options.cacheSamples ?? 8_000_000;
    if (pcm.length > limit || this.cache.has(key)) return;
    this.cache.set(key, pcm);
    this.cachedSamples += pcm.length;
    for (const [oldKey, old] of this.cache) {
      if (this.cachedSamples <= limit) break;
      this.cache.delete(oldKey);
      this.cachedSamples -= old.length;
    }
  }

  private warnOnce(key: string, message: string, fields: Record<string, unknown>): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.options.log.warn(message, fields);
  }
}

export function createPromptLibrary(options: PromptLibraryOptions): FilePromptLibrary {
  return new FilePromptLibrary(options);
}
