import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_SAMPLES } from '../../../media-node/audio/pcm.js';
import { runVerbs, type Verb } from '../../../media-node/ivr/verb.js';
import { bridgeToConference, type ConferenceBridge, type ConferenceMember } from '../../../media-node/ivr/verbs/bridge-to-conference.js';
import { gather } from '../../../media-node/ivr/verbs/gather.js';
import { hangup } from '../../../media-node/ivr/verbs/hangup.js';
import { pause } from '../../../media-node/ivr/verbs/pause.js';
import { play } from '../../../media-node/ivr/verbs/play.js';
import { flush, marked, setup } from './helpers.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A conference that keeps members until told otherwise, and ignores the abort signal if asked to. */
class FakeConference implements ConferenceBridge {
  members: ConferenceMember[] = [];
  private release?: (outcome: 'left' | 'removed' | 'ended') => void;
  constructor(private readonly honourSignal = true) {}
  join(member: ConferenceMember, signal: AbortSignal): Promise<'left' | 'removed' | 'ended'> {
    this.members.push(member);
    return new Promise((resolve) => {
      this.release = resolve;
      if (this.honourSignal) signal.addEventListener('abort', () => resolve('left'));
    });
  }
  end(): void {
    this.release?.('ended');
  }
}

describe('pause', () => {
  it('waits ms and resolves done', async () => {
    const { session } = setup();
    let settled: unknown;
    void pause({ ms: 1500 }).exec(session).then((r) => (settled = r));
    await vi.advanceTimersByTimeAsync(1499);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe('done');
  });

  it('kill() and hangup settle it early', async () => {
    const { session } = setup();
    const killed = pause({ ms: 60_000 });
    const a = killed.exec(session);
    killed.kill();
    await expect(a).resolves.toBe('killed');
    const b = pause({ ms: 60_000 }).exec(session);
    session.end();
    await expect(b).resolves.toBe('hangup');
  });
});

describe('hangup', () => {
  it('ends the call through the session once', async () => {
    const { session, hangups } = setup();
    await expect(hangup().exec(session)).resolves.toBe('hangup');
    await session.hangup();
    expect(hangups()).toBe(1);
    expect(session.signal.aborted).toBe(true);
  });
});

describe('bridgeToConference', () => {
  it('hands the media to the conference with the member options and returns its outcome', async () => {
    const { media, session } = setup();
    const room = new FakeConference();
    const result = bridgeToConference({ conference: room, listenOnly: true }).exec(session);
    await flush();
    expect(room.members).toEqual([{ id: 'call-1', media, listenOnly: true, muted: undefined }]);
    room.end();
    await expect(result).resolves.toBe('ended');
  });

  it('kill() settles even when the mixer ignores the signal', async () => {
    const { session } = setup();
    const verb = bridgeToConference({ conference: new FakeConference(false) });
    const result = verb.exec(session);
    await flush();
    verb.kill();
    await expect(result).resolves.toBe('killed');
  });

  it('a hangup takes the member out', async () => {
    const { session } = setup();
    const result = bridgeToConference({ conference: new FakeConference(false) }).exec(session);
    await flush();
    session.end();
    await expect(result).resolves.toBe('hangup');
  });
});

describe('runVerbs', () => {
  it('runs verbs in order and returns their results', async () => {
    const { media, prompts, session } = setup();
    prompts.set('en', 'welcome', marked(FRAME_SAMPLES * 2, 1));
    const run = runVerbs(session, [play({ prompt: 'welcome' }), gather({ maxDigits: 1 })]);
    await flush();
    media.tick(2);
    await flush();
    media.pressDigit('4');
    await expect(run).resolves.toEqual(['done', { digits: '4', reason: 'max' }]);
  });

  it('on hangup kills the running verb and skips the rest', async () => {
    const { prompts, media, session } = setup();
    prompts.set('en', 'welcome', marked(FRAME_SAMPLES * 100, 1));
    const never: Verb<string> = { exec: async () => 'ran', kill: () => {} };
    const run = runVerbs(session, [play({ prompt: 'welcome' }), never]);
    await flush();
    media.tick(3);
    session.end('bye');
    await expect(run).resolves.toEqual(['hangup']);
  });

  it('stops after a hangup verb', async () => {
    const { session } = setup();
    const after = vi.fn(async () => 'ran');
    await expect(runVerbs(session, [hangup(), { exec: after, kill: () => {} }])).resolves.toEqual(['hangup']);
    expect(after).not.toHaveBeenCalled();
  });

  it('does not start when the media is already closed', async () => {
    const { media, session } = setup();
    media.close();
    await expect(runVerbs(session, [pause({ ms: 10 })])).resolves.toEqual([]);
  });

  it('a verb that throws stops the queue and rejects', async () => {
    const { session } = setup();
    const boom: Verb = { exec: async () => Promise.reject(new Error('boom')), kill: () => {} };
    await expect(runVerbs(session, [boom, pause({ ms: 1 })])).rejects.toThrow('boom');
  });
});
