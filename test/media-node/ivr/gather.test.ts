import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_SAMPLES } from '../../../media-node/audio/pcm.js';
import { gather, GatherError } from '../../../media-node/ivr/verbs/gather.js';
import { play } from '../../../media-node/ivr/verbs/play.js';
import { flush, marked, setup } from './helpers.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('gather', () => {
  it('stops at maxDigits', async () => {
    const { media, session } = setup();
    const result = gather({ maxDigits: 3 }).exec(session);
    for (const d of ['1', '2', '3', '4'] as const) media.pressDigit(d);
    await expect(result).resolves.toEqual({ digits: '123', reason: 'max' });
    expect(session.digits.take()).toBe('4');
  });

  it('stops at the terminator, which is not part of the digits', async () => {
    const { media, session } = setup();
    const result = gather({ maxDigits: 10 }).exec(session);
    await flush();
    media.pressDigit('4');
    media.pressDigit('2');
    media.pressDigit('#');
    await expect(result).resolves.toEqual({ digits: '42', reason: 'terminator' });
  });

  it('honours a custom terminator and treats # as a digit then', async () => {
    const { media, session } = setup();
    const result = gather({ maxDigits: 10, terminator: '*' }).exec(session);
    media.pressDigit('#');
    media.pressDigit('*');
    await expect(result).resolves.toEqual({ digits: '#', reason: 'terminator' });
  });

  it('times out after firstDigitTimeoutMs with no digit, not before', async () => {
    const { session } = setup();
    let settled: unknown;
    void gather({ maxDigits: 4, firstDigitTimeoutMs: 5000 }).exec(session).then((r) => (settled = r));
    await vi.advanceTimersByTimeAsync(4999);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toEqual({ digits: '', reason: 'timeout' });
  });

  it('times out interDigitTimeoutMs after the last digit', async () => {
    const { media, session } = setup();
    let settled: unknown;
    void gather({ maxDigits: 4, firstDigitTimeoutMs: 5000, interDigitTimeoutMs: 2000 }).exec(session).then((r) => (settled = r));
    await vi.advanceTimersByTimeAsync(4000);
    media.pressDigit('7');
    await vi.advanceTimersByTimeAsync(1999);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toEqual({ digits: '7', reason: 'timeout' });
  });

  it('reads first the digits typed during a barge-in prompt', async () => {
    const { media, prompts, session } = setup();
    prompts.set('en', 'enter-pin', marked(FRAME_SAMPLES * 100, 5));
    const result = gather({ maxDigits: 4, prompt: play({ prompt: 'enter-pin', bargeIn: true }) }).exec(session);
    await flush();
    media.tick(10);
    media.pressDigit('1');
    await flush();
    expect(media.queued).toBe(0);
    media.pressDigit('2');
    media.pressDigit('#');
    await expect(result).resolves.toEqual({ digits: '12', reason: 'terminator' });
    expect(media.sent.length).toBe(10);
  });

  it('cuts a prompt built without barge-in at the first digit too', async () => {
    const { media, prompts, session } = setup();
    prompts.set('en', 'enter-pin', marked(FRAME_SAMPLES * 100, 5));
    const result = gather({ maxDigits: 1, prompt: play({ prompt: 'enter-pin' }) }).exec(session);
    await flush();
    media.tick(3);
    media.pressDigit('8');
    await expect(result).resolves.toEqual({ digits: '8', reason: 'max' });
    expect(media.queued).toBe(0);
  });

  it('the first-digit timeout starts after the prompt ends', async () => {
    const { media, prompts, session } = setup();
    prompts.set('en', 'enter-pin', marked(FRAME_SAMPLES * 10, 5));
    let settled: unknown;
    void gather({ maxDigits: 2, firstDigitTimeoutMs: 1000, prompt: play({ prompt: 'enter-pin' }) }).exec(session).then((r) => (settled = r));
    await vi.advanceTimersByTimeAsync(3000); // the in-memory media only sends when ticked
    expect(settled).toBeUndefined();
    media.tick(10);
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toEqual({ digits: '', reason: 'timeout' });
  });

  it('returns hangup with the digits so far when the call ends', async () => {
    const { media, session } = setup();
    const result = gather({ maxDigits: 4 }).exec(session);
    media.pressDigit('3');
    await flush();
    session.end('bye');
    await expect(result).resolves.toEqual({ digits: '3', reason: 'hangup' });
  });

  it('kill() settles a waiting gather with killed', async () => {
    const { session } = setup();
    const verb = gather({ maxDigits: 4 });
    const result = verb.exec(session);
    await flush();
    verb.kill();
    await expect(result).resolves.toEqual({ digits: '', reason: 'killed' });
  });

  it('kill() during the prompt settles both', async () => {
    const { prompts, session } = setup();
    prompts.set('en', 'enter-pin', marked(FRAME_SAMPLES * 100, 5));
    const verb = gather({ maxDigits: 4, prompt: play({ prompt: 'enter-pin' }) });
    const result = verb.exec(session);
    await flush();
    verb.kill();
    await expect(result).resolves.toEqual({ digits: '', reason: 'killed' });
  });

  it('rejects nonsense options', () => {
    expect(() => gather({ maxDigits: 0 })).toThrow(GatherError);
    expect(() => gather({ maxDigits: 2, terminator: '##' })).toThrow(GatherError);
  });
});
