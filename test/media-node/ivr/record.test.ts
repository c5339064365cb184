import { describe, expect, it, vi } from 'vitest';
import { FRAME_SAMPLES, joinFrames } from '../../../media-node/audio/pcm.js';
import { beep } from '../../../media-node/ivr/tones.js';
import { record, RecordError } from '../../../media-node/ivr/verbs/record.js';
import { flush, marked, setup } from './helpers.js';

const speech = (value = 3000) => marked(FRAME_SAMPLES, value);
const silence = () => new Int16Array(FRAME_SAMPLES);
const BEEP_FRAMES = Math.ceil(beep().length / FRAME_SAMPLES);

/** Starts a recording and lets the beep go out, so the test can speak. */
async function started(options: Parameters<typeof record>[0]) {
  const ctx = setup();
  const verb = record(options);
  const result = verb.exec(ctx.session);
  await flush();
  ctx.media.tick(BEEP_FRAMES);
  await flush();
  return { ...ctx, verb, result };
}

describe('record', () => {
  it('sends the beep first, exactly', async () => {
    const { media, session, result } = await started({ maxSeconds: 1 });
    const tone = beep();
    expect(joinFrames(media.sent).subarray(0, tone.length)).toEqual(tone);
    session.end('bye');
    await result;
  });

  it('does not listen before the beep has gone out', async () => {
    const { media, session } = setup();
    const result = record({ maxSeconds: 1 }).exec(session);
    await flush();
    media.pushAudio(speech(111)); // still beeping: not recorded
    media.tick(BEEP_FRAMES);
    await flush();
    for (let i = 0; i < 50; i++) media.pushAudio(speech(222));
    const { pcm } = await result;
    expect(pcm.includes(111)).toBe(false);
    expect(pcm.length).toBe(50 * FRAME_SAMPLES);
  });

  it('ends on # with the key press audio trimmed and the digit consumed', async () => {
    const { media, session, result } = await started({ maxSeconds: 10, digitTrimMs: 100 });
    for (let i = 0; i < 30; i++) media.pushAudio(speech());
    media.pressDigit('#');
    const out = await result;
    expect(out.reason).toBe('digit');
    expect(out.digit).toBe('#');
    expect(out.pcm.length).toBe((30 - 5) * FRAME_SAMPLES);
    expect(session.digits.size).toBe(0);
  });

  it('ignores keys that are not in endOnDigits', async () => {
    const { media, result } = await started({ maxSeconds: 1, endOnDigits: '#' });
    media.pressDigit('5');
    for (let i = 0; i < 50; i++) media.pushAudio(speech());
    await expect(result).resolves.toMatchObject({ reason: 'max' });
  });

  it('a # typed before the recording started does not end it', async () => {
    const { media, session } = setup();
    media.pressDigit('#');
    const result = record({ maxSeconds: 1, beep: false }).exec(session);
    await flush();
    for (let i = 0; i < 50; i++) media.pushAudio(speech());
    await expect(result).resolves.toMatchObject({ reason: 'max' });
  });

  it('ends on silence with the trailing silence trimmed', async () => {
    const { media, result } = await started({ maxSeconds: 30, silenceSeconds: 1 });
    for (let i = 0; i < 20; i++) media.pushAudio(speech());
    for (let i = 0; i < 49; i++) media.pushAudio(silence());
    await flush();
    let done = false;
    void result.then(() => (done = true));
    await flush();
    expect(done).toBe(false);
    media.pushAudio(silence());
    const out = await result;
    expect(out.reason).toBe('silence');
    expect(out.pcm.length).toBe(20 * FRAME_SAMPLES);
    expect(out.pcm.every((s) => s === 3000)).toBe(true);
  });

  it('quiet speech below the threshold counts as silence, above it does not', async () => {
    const { media, result } = await started({ maxSeconds: 2, silenceSeconds: 0.2, silenceThreshold: 500 });
    for (let i = 0; i < 20; i++) media.pushAudio(speech(600));
    for (let i = 0; i < 10; i++) media.pushAudio(speech(400));
    await expect(result).resolves.toMatchObject({ reason: 'silence' });
  });

  it('ends at maxSeconds with all the audio', async () => {
    const { media, result } = await started({ maxSeconds: 2 });
    for (let i = 0; i < 120; i++) media.pushAudio(speech());
    const out = await result;
    expect(out.reason).toBe('max');
    expect(out.pcm.length).toBe(100 * FRAME_SAMPLES);
  });

  it('on hangup returns the audio captured so far', async () => {
    const { media, session, result } = await started({ maxSeconds: 60, silenceSeconds: 5 });
    for (let i = 0; i < 40; i++) media.pushAudio(speech());
    session.end('bye');
    const out = await result;
    expect(out.reason).toBe('hangup');
    expect(out.pcm.length).toBe(40 * FRAME_SAMPLES);
  });

  it('a hangup during the beep yields hangup and no audio', async () => {
    const { media, session } = setup();
    const result = record({ maxSeconds: 5 }).exec(session);
    await flush();
    media.close();
    await expect(result).resolves.toEqual({ pcm: new Int16Array(0), reason: 'hangup' });
  });

  it('ends by the wall clock when frames stop coming', async () => {
    vi.useFakeTimers();
    try {
      const { media, result } = await started({ maxSeconds: 1 });
      for (let i = 0; i < 10; i++) media.pushAudio(speech());
      await vi.advanceTimersByTimeAsync(3000);
      const out = await result;
      expect(out.reason).toBe('max');
      expect(out.pcm.length).toBe(10 * FRAME_SAMPLES);
    } finally {
      vi.useRealTimers();
    }
  });

  it('kill() settles with killed and keeps the audio', async () => {
    const { media, verb, result } = await started({ maxSeconds: 60 });
    for (let i = 0; i < 5; i++) media.pushAudio(speech());
    verb.kill();
    const out = await result;
    expect(out.reason).toBe('killed');
    expect(out.pcm.length).toBe(5 * FRAME_SAMPLES);
  });

  it('rejects a non-positive maxSeconds', () => {
    expect(() => record({ maxSeconds: 0 })).toThrow(RecordError);
  });
});
