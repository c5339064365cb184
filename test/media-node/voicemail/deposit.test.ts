import { describe, expect, it } from 'vitest';
import { MIN_MESSAGE_MS, voicemailDepositApp } from '../../../media-node/apps/voicemail-deposit.js';
import type { DivertReason } from '../../../media-node/calls/routing.js';
import { CentralError } from '../../../media-node/central/errors.js';
import { CONFIG, fakeCentral, fakeSpool, mailboxInfo, runCall } from './voicemail-fixture.js';
import { Labels, type Step } from './scripted-media.js';

const ref = (audioId: string) => ({ audioId, path: `/audio/${audioId}`, durationMs: 1000 });
const DEFAULT_GREETING = ['greeting-extension', 'n-2', 'n-0', 'n-1', 'greeting-not-available', 'leave-message'];

async function deposit(steps: Step[], options: Parameters<typeof fakeCentral>[1] = {}, reason: DivertReason = 'no-answer') {
  const labels = new Labels();
  const central = fakeCentral(labels, options);
  const { spool, items } = fakeSpool();
  let changes = 0;
  const run = await runCall(voicemailDepositApp, { app: 'voicemail-deposit', mailbox: '2001', reason }, steps, central, labels, spool, () => changes++);
  return { ...run, calls: central.calls, items, changes };
}

const speak = (frames: number, press = '#'): Step => ({ when: 'tone', speakFrames: frames, press });
const frames = (item: { frames: Int16Array[] }) => item.frames.length;

describe('voicemail deposit', () => {
  it('records the message after the beep, ended by #, says message-saved and hangs up', async () => {
    const run = await deposit([speak(100)]);
    expect(run.items).toHaveLength(1);
    expect(run.items[0]!.state).toBe('finished');
    expect(run.items[0]!.finishMetadata).toMatchObject({ endedBy: 'digit' });
    expect(run.played.slice(-2)).toEqual(['message-saved', 'goodbye']);
    expect(run.hangups).toBe(1);
  });

  it('spools the message as kind voicemail with the mailbox, reason and caller', async () => {
    const run = await deposit([speak(100)], {}, 'busy');
    expect(run.items[0]!.input.kind).toBe('voicemail');
    expect(run.items[0]!.input.metadata).toEqual({ mailbox: '2001', reason: 'busy', callerNumber: '3001', callerName: 'Bia', callId: 'call-id-1' });
  });

  it('keeps what was said less the 200 ms of the # key', async () => {
    const run = await deposit([speak(100)]);
    expect(frames(run.items[0]!)).toBe(90);
  });

  it('tells the message lamps at once that the mailbox changed', async () => {
    const run = await deposit([speak(100)]);
    expect(run.changes).toBe(1);
  });

  it(`drops a message shorter than ${MIN_MESSAGE_MS} ms and says goodbye`, async () => {
    // 80 frames, less 10 for the key: 1.4 s.
    const run = await deposit([speak(80)]);
    expect(run.items[0]!.state).toBe('aborted');
    expect(run.played.at(-1)).toBe('goodbye');
    expect(run.played).not.toContain('message-saved');
    expect(run.changes).toBe(0);
  });

  it('keeps a message just over the shortest length', async () => {
    const run = await deposit([speak(86)]);
    expect(run.items[0]!.state).toBe('finished');
  });

  it('keeps the message of a caller who hangs up instead of pressing #', async () => {
    // No key after speaking: the scripted caller hangs up once the line is idle.
    const run = await deposit([{ when: 'tone', speakFrames: 100 }]);
    expect(run.items[0]!.state).toBe('finished');
    expect(run.items[0]!.finishMetadata).toMatchObject({ endedBy: 'hangup' });
    expect(run.played).not.toContain('message-saved');
  });

  it('says the mailbox is full, hangs up and records nothing', async () => {
    const run = await deposit([speak(100)], { info: mailboxInfo({ full: true }) });
    expect(run.played).toEqual(['mailbox-full', 'goodbye']);
    expect(run.items).toHaveLength(0);
    expect(run.hangups).toBe(1);
  });

  it('records nothing for a mailbox the site does not have', async () => {
    const run = await deposit([speak(100)], { info: null });
    expect(run.played).toEqual(['extension-not-available']);
    expect(run.items).toHaveLength(0);
  });
});

describe('voicemail deposit greetings', () => {
  const greetings = { busy: ref('g-busy'), unavailable: ref('g-unavailable'), name: null };

  it("plays the owner's busy greeting when the call was diverted on busy", async () => {
    const run = await deposit([speak(100)], { info: mailboxInfo({ greetings }) }, 'busy');
    expect(run.played.slice(0, 2)).toEqual(['audio:g-busy', 'tone']);
  });

  it.each(['no-answer', 'unavailable', 'unconditional', 'unknown'] as const)("plays the owner's unavailable greeting for reason %s", async (reason) => {
    const run = await deposit([speak(100)], { info: mailboxInfo({ greetings }) }, reason);
    expect(run.played.slice(0, 2)).toEqual(['audio:g-unavailable', 'tone']);
  });

  it('plays the default greeting, saying the extension, when the owner recorded none', async () => {
    const run = await deposit([speak(100)], { info: mailboxInfo({ greetings: { busy: null, unavailable: null, name: null } }) }, 'busy');
    expect(run.played.slice(0, 7)).toEqual([...DEFAULT_GREETING, 'tone']);
  });

  it('says the owner\'s recorded name instead of the extension number in the default greeting', async () => {
    const run = await deposit([speak(100)], { info: mailboxInfo({ greetings: { busy: null, unavailable: null, name: ref('g-name') } }) }, 'no-answer');
    expect(run.played.slice(0, 4)).toEqual(['audio:g-name', 'greeting-not-available', 'leave-message', 'tone']);
  });

  it('a key during the greeting skips to the beep without ending the message', async () => {
    const run = await deposit([{ when: 'audio:g-unavailable', press: '#' }, speak(100)], { info: mailboxInfo({ greetings }) });
    expect(run.items[0]!.state).toBe('finished');
    expect(frames(run.items[0]!)).toBe(90);
  });
});

describe('voicemail deposit with the central app unreachable', () => {
  const offline = { info: new CentralError('NETWORK', 'connect ECONNREFUSED') };

  it('still takes the message, after the default greeting', async () => {
    const run = await deposit([speak(100)], offline);
    expect(run.played.slice(0, 7)).toEqual([...DEFAULT_GREETING, 'tone']);
    expect(run.items[0]!.state).toBe('finished');
  });

  it(`cuts it at the site's longest message from the cached config (${CONFIG.voicemail.maxSeconds} s)`, async () => {
    const run = await deposit([speak(CONFIG.voicemail.maxSeconds * 50 + 100, '')], offline);
    expect(frames(run.items[0]!)).toBe(CONFIG.voicemail.maxSeconds * 50);
    expect(run.items[0]!.finishMetadata).toMatchObject({ endedBy: 'max' });
  });
});
