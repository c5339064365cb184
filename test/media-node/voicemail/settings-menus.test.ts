import { describe, expect, it } from 'vitest';
import { voicemailRetrievalApp } from '../../../media-node/apps/voicemail-retrieval.js';
import { fakeCentral, fakeSpool, PIN, runCall } from './voicemail-fixture.js';
import { Labels, SPEECH, type Step } from './scripted-media.js';

const own = { app: 'voicemail-own', mailbox: '2001' } as const;
const login: Step = { when: 'enter-pin', press: `${PIN}#` };
const MENU_END = 'menu-exit';
const exit: Step = { when: MENU_END, press: '#' };
/** A take long enough to keep: 60 frames (1.2 s), of which the last 200 ms go with the '#'. */
const take = (frames = 60): Step => ({ when: 'tone', speakFrames: frames, press: '#' });

async function call(steps: Step[]) {
  const labels = new Labels();
  const central = fakeCentral(labels);
  const { spool, items } = fakeSpool();
  const run = await runCall(voicemailRetrievalApp, own, [login, ...steps], central, labels, spool);
  return { ...run, calls: central.calls, items };
}

describe('voicemail greetings menu', () => {
  it.each([
    ['1', 'busy'],
    ['2', 'unavailable'],
    ['3', 'name'],
  ] as const)('%s records the %s greeting after a beep and, kept with 1, spools it as a greeting', async (key, greeting) => {
    const run = await call([{ when: MENU_END, press: '3' }, { when: 'greetings-menu', press: key }, take(), { when: 'greeting-review', press: '1' }, { when: 'greetings-menu', press: '#' }, exit]);
    expect(run.items).toHaveLength(1);
    expect(run.items[0]!.input.kind).toBe('greeting');
    expect(run.items[0]!.input.metadata).toEqual({ mailbox: '2001', greeting });
    expect(run.items[0]!.state).toBe('finished');
    expect(run.played).toContain('greeting-saved');
  });

  it('plays beep-record-after-tone, then the beep, before recording', async () => {
    const run = await call([{ when: MENU_END, press: '3' }, { when: 'greetings-menu', press: '1' }, take(), { when: 'greeting-review', press: '1' }, { when: 'greetings-menu', press: '#' }, exit]);
    const at = run.played.indexOf('beep-record-after-tone');
    expect(run.played[at + 1]).toBe('tone');
  });

  it('keeps what was said, less the 200 ms of the # key', async () => {
    const run = await call([{ when: MENU_END, press: '3' }, { when: 'greetings-menu', press: '1' }, take(60), { when: 'greeting-review', press: '1' }, { when: 'greetings-menu', press: '#' }, exit]);
    const samples = run.items[0]!.frames.reduce((n, f) => n + f.length, 0);
    expect(samples).toBe(50 * 160);
    expect(run.items[0]!.frames.every((f) => f.every((s) => s === 5000))).toBe(true);
  });

  it('2 in the review records again, and only the kept take is spooled', async () => {
    const run = await call([{ when: MENU_END, press: '3' }, { when: 'greetings-menu', press: '2' }, take(60), { when: 'greeting-review', press: '2' }, take(80), { when: 'greeting-review', press: '1' }, { when: 'greetings-menu', press: '#' }, exit]);
    expect(run.played.filter((p) => p === 'tone')).toHaveLength(2);
    expect(run.items).toHaveLength(1);
    expect(run.items[0]!.frames.reduce((n, f) => n + f.length, 0)).toBe(70 * 160);
  });

  it('3 in the review plays back what was recorded', async () => {
    const run = await call([{ when: MENU_END, press: '3' }, { when: 'greetings-menu', press: '3' }, take(), { when: 'greeting-review', press: '3' }, { when: 'greeting-review', press: '1' }, { when: 'greetings-menu', press: '#' }, exit]);
    const firstReview = run.played.indexOf('greeting-review');
    expect(run.played[firstReview + 1]).toBe(SPEECH);
    expect(run.items).toHaveLength(1);
  });

  it('asks again after a take too short to be a greeting, spooling nothing for it', async () => {
    const run = await call([{ when: MENU_END, press: '3' }, { when: 'greetings-menu', press: '1' }, take(20), { when: 'try-again' }, take(), { when: 'greeting-review', press: '1' }, { when: 'greetings-menu', press: '#' }, exit]);
    expect(run.played).toContain('try-again');
    expect(run.items).toHaveLength(1);
  });

  it('spools nothing when the caller hangs up during the review', async () => {
    const run = await call([{ when: MENU_END, press: '3' }, { when: 'greetings-menu', press: '1' }, take(), { when: 'greeting-review', hangup: true }]);
    expect(run.items).toHaveLength(0);
  });

  it('# goes back to the main menu', async () => {
    const run = await call([{ when: MENU_END, press: '3' }, { when: 'greetings-menu', press: '#' }, exit]);
    const at = run.played.indexOf('greetings-menu');
    expect(run.played[at + 1]).toBe('main-menu');
    expect(run.items).toHaveLength(0);
  });
});

describe('voicemail change PIN', () => {
  it('saves a new PIN typed twice alike', async () => {
    const run = await call([{ when: MENU_END, press: '4' }, { when: 'enter-new-pin', press: '13579#' }, { when: 'reenter-new-pin', press: '13579#' }, exit]);
    expect(run.calls).toContain('changePin 2001 13579');
    expect(run.played).toContain('pin-changed');
  });

  it('says pin-mismatch and changes nothing when the two differ', async () => {
    const run = await call([{ when: MENU_END, press: '4' }, { when: 'enter-new-pin', press: '13579#' }, { when: 'reenter-new-pin', press: '13578#' }, exit]);
    expect(run.played).toContain('pin-mismatch');
    expect(run.calls.some((c) => c.startsWith('changePin'))).toBe(false);
  });

  it('accepts a PIN of the longest length (10 digits) followed by #', async () => {
    const run = await call([{ when: MENU_END, press: '4' }, { when: 'enter-new-pin', press: '1234567890#' }, { when: 'reenter-new-pin', press: '1234567890#' }, exit]);
    expect(run.calls).toContain('changePin 2001 1234567890');
  });

  it.each(['123', '12345678901'])('says pin-wrong-length for %s and does not ask for it again', async (pin) => {
    const run = await call([{ when: MENU_END, press: '4' }, { when: 'enter-new-pin', press: `${pin}#` }, exit]);
    expect(run.played).toContain('pin-wrong-length');
    expect(run.played).not.toContain('reenter-new-pin');
    expect(run.calls.some((c) => c.startsWith('changePin'))).toBe(false);
  });
});
