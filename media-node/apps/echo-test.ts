import type { CallApplication } from '../calls/call-application.js';
import { beep, play, runVerbs } from '../ivr/index.js';

/**
 * The echo test (like a PBX's *43): the caller hears what they say, through the whole path —
 * PBX, network, jitter buffer, codecs — so an installer can check audio in both directions and
 * hear the delay before blaming a phone.
 */
export const echoTestApp: CallApplication = {
  async run({ session, media }) {
    await runVerbs(session, [play({ prompt: 'echo-test' }), play({ pcm: beep() })]);
    if (session.signal.aborted) return;
    const stop = media.onAudio((frame) => void media.send([frame]));
    await new Promise<void>((done) => session.signal.addEventListener('abort', () => done(), { once: true }));
    stop();
  },
};
