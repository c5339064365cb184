import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinFrames, toFrames } from '../../../media-node/audio/pcm.js';
import type { CallApplication } from '../../../media-node/calls/call-application.js';
import { beep, gather, play, runVerbs } from '../../../media-node/ivr/index.js';
import { sipp } from '../sip/helpers/sipp.js';
import { until } from '../spool/central-fixture.js';
import { piecewiseCorrelation, sippSpeech, startNodeUnderTest, type NodeUnderTest } from './node-fixture.js';

const SCENARIOS = '../media-node/e2e/scenarios';

/** Plays 3 s of speech and keeps what comes back for 4.5 s, then returns (the node hangs up). */
function echoProbe(heard: Int16Array[], sent: Int16Array): CallApplication {
  return {
    async run({ media }) {
      const stop = media.onAudio((frame) => heard.push(frame.slice()));
      await media.send(toFrames(sent));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      stop();
    },
  };
}

describe.each(['udp', 'tcp'] as const)('the node against sipp over %s', (transport) => {
  let t: NodeUnderTest;
  const heard: Int16Array[] = [];
  const sent = sippSpeech().slice(8000, 8000 + 3 * 8000);

  beforeAll(async () => {
    t = await startNodeUnderTest({ apps: { 'echo-test': echoProbe(heard, sent) } });
  });
  afterAll(() => t?.close());

  it('sends RTP the peer receives (sipp echoes it back) and hangs up with BYE from its side', async () => {
    const run = await sipp({ scenario: `${SCENARIOS}/uac-echo-node-hangs-up.xml`, transport, remotePort: t.node.sipPort, args: ['-s', '1009', '-rtp_echo'] });
    const result = await run.done;
    expect(result.code, `${result.output}\n${result.errors}`).toBe(0);
    const back = joinFrames(heard);
    const match = piecewiseCorrelation(back, sent);
    expect(match.median).toBeGreaterThan(0.9);
    expect(match.goodShare).toBeGreaterThan(0.7);
    expect(t.node.calls.count).toBe(0);
  });

  it('answers a hold re-INVITE with recvonly and the resume with sendrecv', async () => {
    const run = await sipp({ scenario: `${SCENARIOS}/uac-hold-resume.xml`, transport, remotePort: t.node.sipPort, args: ['-s', 'rec'] });
    const result = await run.done;
    expect(result.code, `${result.output}\n${result.errors}`).toBe(0);
  });

  // 480 (a service the node does not run) is tested on the call handler: every service runs here now.
  it('answers an unknown number with 404', async () => {
    const unknown = await sipp({ builtin: 'uac', transport, remotePort: t.node.sipPort, args: ['-s', '7777'] });
    expect((await unknown.done).output).toMatch(/404/);
  });
});

describe('a caller whose RTP never arrives', () => {
  let t: NodeUnderTest;
  beforeAll(async () => {
    t = await startNodeUnderTest({ mediaTimeoutSeconds: 2 });
  });
  afterAll(() => t?.close());

  it('is hung up by the node after the media timeout', async () => {
    const started = Date.now();
    const run = await sipp({ scenario: `${SCENARIOS}/uac-echo-node-hangs-up.xml`, transport: 'udp', remotePort: t.node.sipPort, args: ['-s', 'rec'] });
    const result = await run.done;
    expect(result.code, `${result.output}\n${result.errors}`).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    await until(() => t.node.calls.count === 0, 5000, 'the call to end');
    // Nothing was heard, so nothing is stored: no empty recording reaches the central app.
    expect(await t.node.spool.stats()).toMatchObject({ itemsPending: 0, recording: 0 });
  });
});

describe('the IVR over real RTP', () => {
  let t: NodeUnderTest;
  const results: unknown[] = [];
  /** Beeps, then gathers up to five digits ended by # — what every voicemail and conference menu does. */
  const menu: CallApplication = {
    async run({ session }) {
      const [played, gathered] = await runVerbs(session, [play({ pcm: beep() }), gather({ maxDigits: 5, firstDigitTimeoutMs: 15_000 })]);
      results.push(played, gathered);
      // Stay on the line: the caller hangs up, as after a real menu.
      await new Promise((resolve) => session.signal.addEventListener('abort', resolve, { once: true }));
    },
  };
  beforeAll(async () => {
    t = await startNodeUnderTest({ apps: { 'echo-test': menu } });
  });
  afterAll(() => t?.close());

  it('gathers the RFC 4733 digits sipp sends, ending on #', async () => {
    const run = await sipp({ scenario: `${SCENARIOS}/uac-audio-dtmf.xml`, transport: 'udp', remotePort: t.node.sipPort, args: ['-s', '1009'] });
    const result = await run.done;
    expect(result.code, `${result.output}\n${result.errors}`).toBe(0);
    expect(results).toEqual(['done', { digits: '123', reason: 'terminator' }]);
  });
});
