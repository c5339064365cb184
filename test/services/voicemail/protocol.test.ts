import { describe, expect, it } from 'vitest';
import { messageProtocol, PROTOCOL_PATTERN, protocolDate } from '../../../functions/services/voicemail/protocol.js';

describe('message protocols', () => {
  it('take the date on the site calendar, not UTC', () => {
    const at = new Date('2026-11-27T01:30:00Z');
    expect(protocolDate(at, 'America/Sao_Paulo')).toBe('20261126');
    expect(protocolDate(at, 'UTC')).toBe('20261127');
  });

  it('are the same for the same audio and differ between audio items and attempts', async () => {
    const at = new Date('2026-11-26T12:00:00Z');
    const a = await messageProtocol('a1b2', at, 'UTC');
    expect(a).toMatch(PROTOCOL_PATTERN);
    expect(await messageProtocol('a1b2', at, 'UTC')).toBe(a);
    expect(await messageProtocol('a1b3', at, 'UTC')).not.toBe(a);
    expect(await messageProtocol('a1b2', at, 'UTC', 1)).not.toBe(a);
  });

  it('use only Crockford base32 (no I, L, O, U) over many ids', async () => {
    const at = new Date('2026-11-26T12:00:00Z');
    const codes = await Promise.all(Array.from({ length: 300 }, (_, i) => messageProtocol(`id-${i}`, at, 'UTC')));
    for (const code of codes) expect(code.slice(12)).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(new Set(codes).size).toBe(300);
  });
});
