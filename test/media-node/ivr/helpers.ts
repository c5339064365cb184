import type { PromptLibrary } from '../../../media-node/prompts/library.js';
import type { PromptLanguage } from '../../../media-node/prompts/languages.js';
import { silentLogger } from '../../../media-node/log.js';
import { createCallSession, type CallSessionHandle } from '../../../media-node/ivr/session.js';
import { MemoryMedia } from './memory-media.js';

/** Prompts held in memory by `<lang>/<id>`; records every lookup. */
export class MapPromptLibrary implements PromptLibrary {
  readonly requests: string[] = [];
  constructor(readonly prompts = new Map<string, Int16Array>()) {}
  set(language: PromptLanguage, id: string, pcm: Int16Array): this {
    this.prompts.set(`${language}/${id}`, pcm);
    return this;
  }
  async get(id: string, language: PromptLanguage): Promise<Int16Array | null> {
    this.requests.push(`${language}/${id}`);
    return this.prompts.get(`${language}/${id}`) ?? null;
  }
}

/** A constant-valued buffer whose value marks where a sample came from. */
export function marked(samples: number, value: number): Int16Array {
  return new Int16Array(samples).fill(value);
}

export function setup(language: PromptLanguage = 'en', timeZone = 'America/Sao_Paulo') {
  const media = new MemoryMedia();
  const prompts = new MapPromptLibrary();
  let hangups = 0;
  const session: CallSessionHandle = createCallSession({
    id: 'call-1',
    language,
    siteLanguage: 'pt-BR',
    timeZone,
    media,
    prompts,
    log: silentLogger,
    onHangup: async () => {
      hangups++;
    },
  });
  return { media, prompts, session, hangups: () => hangups };
}

/** Lets pending promise callbacks run (no timers involved). */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
