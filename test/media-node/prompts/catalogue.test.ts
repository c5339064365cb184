import { describe, expect, it } from 'vitest';
import { CATALOGUE, GENERAL_PROMPT_IDS, promptIds } from '../../../media-node/prompts/catalogue.js';
import { PROMPT_LANGUAGES } from '../../../media-node/prompts/languages.js';

describe('prompt catalogue', () => {
  it('has the prompts voicemail, conference and menus need', () => {
    for (const id of ['welcome', 'enter-pin', 'invalid-pin', 'goodbye', 'beep-record-after-tone', 'you-have', 'new-messages', 'main-menu', 'conference-closed', 'conference-full', 'conference-locked', 'extension-not-available']) {
      expect(GENERAL_PROMPT_IDS).toContain(id);
    }
  });

  it('gives every general prompt a non-empty text in all seven languages', () => {
    for (const id of GENERAL_PROMPT_IDS) {
      for (const language of PROMPT_LANGUAGES) expect(CATALOGUE[id]?.[language]?.trim(), `${id} ${language}`).toBeTruthy();
    }
  });

  it('writes Japanese in kana only, which espeak-ng can read', () => {
    for (const id of promptIds('ja')) expect(CATALOGUE[id]?.ja, id).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('uses ids that are safe file names', () => {
    for (const id of Object.keys(CATALOGUE)) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });
});
