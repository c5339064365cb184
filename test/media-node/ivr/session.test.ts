import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../media-node/log.js';
import { createCallSession, SessionError } from '../../../media-node/ivr/session.js';
import { MapPromptLibrary, setup } from './helpers.js';
import { MemoryMedia } from './memory-media.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('call session', () => {
  it('buffers digits from the moment it starts, in order', () => {
    const { media, session } = setup();
    media.pressDigit('1');
    media.injectDtmf('*', 'info');
    expect(session.digits.take()).toBe('1');
    expect(session.digits.take()).toBe('*');
    expect(session.digits.take()).toBeUndefined();
  });

  it('next() returns a buffered digit at once, waits for a new one, or times out', async () => {
    const { media, session } = setup();
    const signal = new AbortController().signal;
    media.pressDigit('3');
    await expect(session.digits.next(1000, signal)).resolves.toBe('3');
    const waiting = session.digits.next(1000, signal);
    media.pressDigit('4');
    await expect(waiting).resolves.toBe('4');
    const idle = session.digits.next(1000, signal);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(idle).resolves.toBe('timeout');
  });

  it('end() aborts the signal and stops buffering digits', () => {
    const { media, session } = setup();
    session.end('bye');
    expect(session.signal.aborted).toBe(true);
    media.pressDigit('5');
    expect(session.digits.size).toBe(0);
  });

  it('hangup() signals once even when called twice, and ends the session', async () => {
    const { session, hangups } = setup();
    await Promise.all([session.hangup(), session.hangup()]);
    expect(hangups()).toBe(1);
    expect(session.signal.aborted).toBe(true);
  });

  it('a failing hangup signalling still ends the session', async () => {
    const session = createCallSession({
      id: 'x', language: 'en', siteLanguage: 'en', timeZone: 'UTC', media: new MemoryMedia(), prompts: new MapPromptLibrary(), log: silentLogger,
      onHangup: () => Promise.reject(new Error('no route')),
    });
    await session.hangup();
    expect(session.signal.aborted).toBe(true);
  });

  it('refuses an unknown time zone', () => {
    expect(() =>
      createCallSession({ id: 'x', language: 'en', siteLanguage: 'en', timeZone: 'Nowhere/Else', media: new MemoryMedia(), prompts: new MapPromptLibrary(), log: silentLogger }),
    ).toThrow(SessionError);
  });
});
