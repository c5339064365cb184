import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FRAME_SAMPLES, joinFrames } from '../../../media-node/audio/pcm.js';
import { encodeWav } from '../../../media-node/codecs/wav.js';
import { play, PlayError } from '../../../media-node/ivr/verbs/play.js';
import { flush, marked, setup } from './helpers.js';

describe('play', () => {
  it('sends exactly the prompt frames, in the session language, and resolves done after the last one', async () => {
    const { media, prompts, session } = setup('es');
    prompts.set('es', 'welcome', marked(FRAME_SAMPLES * 3 - 40, 7));
    const result = play({ prompt: 'welcome' }).exec(session);
    await flush();
    expect(media.queued).toBe(3);
    media.tick(3);
    await expect(result).resolves.toBe('done');
    const out = joinFrames(media.sent);
    expect(out.length).toBe(FRAME_SAMPLES * 3);
    expect(out.subarray(0, FRAME_SAMPLES * 3 - 40).every((s) => s === 7)).toBe(true);
    expect(out.subarray(FRAME_SAMPLES * 3 - 40).every((s) => s === 0)).toBe(true);
    expect(prompts.requests).toEqual(['es/welcome']);
  });

  it('barge-in: a digit clears the queued output, resolves interrupted and stays buffered', async () => {
    const { media, prompts, session } = setup();
    prompts.set('en', 'main-menu', marked(FRAME_SAMPLES * 50, 3));
    const result = play({ prompt: 'main-menu', bargeIn: true }).exec(session);
    await flush();
    media.tick(5);
    media.pressDigit('2');
    await expect(result).resolves.toBe('interrupted');
    expect(media.clearCount).toBeGreaterThan(0);
    expect(media.queued).toBe(0);
    expect(media.sent.length).toBe(5);
    expect(session.digits.take()).toBe('2');
  });

  it('without barge-in a digit does not stop the audio but is still buffered', async () => {
    const { media, prompts, session } = setup();
    prompts.set('en', 'welcome', marked(FRAME_SAMPLES * 4, 3));
    const result = play({ prompt: 'welcome' }).exec(session);
    await flush();
    media.pressDigit('5');
    media.tick(4);
    await expect(result).resolves.toBe('done');
    expect(media.sent.length).toBe(4);
    expect(session.digits.size).toBe(1);
  });

  it('with barge-in and a digit already typed, plays nothing', async () => {
    const { media, prompts, session } = setup();
    prompts.set('en', 'welcome', marked(FRAME_SAMPLES, 3));
    media.pressDigit('9');
    await expect(play({ prompt: 'welcome', bargeIn: true }).exec(session)).resolves.toBe('interrupted');
    expect(media.queued + media.sent.length).toBe(0);
  });

  it('a missing prompt plays nothing and resolves done', async () => {
    const { media, session } = setup();
    await expect(play({ prompt: 'no-such-prompt' }).exec(session)).resolves.toBe('done');
    expect(media.queued).toBe(0);
  });

  it('resolves hangup when the media closes mid-prompt', async () => {
    const { media, prompts, session } = setup();
    prompts.set('en', 'welcome', marked(FRAME_SAMPLES * 10, 3));
    const result = play({ prompt: 'welcome' }).exec(session);
    await flush();
    media.tick(2);
    media.close();
    await expect(result).resolves.toBe('hangup');
  });

  it('kill() settles a running play with killed and clears the output', async () => {
    const { media, prompts, session } = setup();
    prompts.set('en', 'welcome', marked(FRAME_SAMPLES * 10, 3));
    const verb = play({ prompt: 'welcome' });
    const result = verb.exec(session);
    await flush();
    verb.kill();
    await expect(result).resolves.toBe('killed');
    expect(media.queued).toBe(0);
  });

  it('plays a WAV file of another rate converted to 8 kHz', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ramal-play-'));
    try {
      const file = join(dir, 'tone.wav');
      await writeFile(file, encodeWav(new Int16Array(16000).fill(1000), 16000)); // 1 s at 16 kHz
      const { media, session } = setup();
      const result = play({ file }).exec(session);
      await vi.waitFor(() => expect(media.queued).toBeGreaterThan(0));
      expect(media.queued).toBe(50); // 1 s of 20 ms frames at 8 kHz
      media.tick(50);
      await expect(result).resolves.toBe('done');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an unreadable file plays nothing instead of failing the call', async () => {
    const { media, session } = setup();
    await expect(play({ file: join(tmpdir(), 'ramal-does-not-exist.wav') }).exec(session)).resolves.toBe('done');
    expect(media.queued).toBe(0);
  });

  it('refuses to build without a source', () => {
    expect(() => play({})).toThrow(PlayError);
  });
});
