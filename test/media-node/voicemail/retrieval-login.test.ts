import { describe, expect, it } from 'vitest';
import { voicemailRetrievalApp } from '../../../media-node/apps/voicemail-retrieval.js';
import { CentralError } from '../../../media-node/central/errors.js';
import { fakeCentral, mailboxInfo, message, PIN, runCall, type FakeCentral } from './voicemail-fixture.js';
import { Labels, type Step } from './scripted-media.js';

const own = { app: 'voicemail-own', mailbox: '2001' } as const;
const MENU_END = 'menu-exit';

function call(steps: Step[], options: Parameters<typeof fakeCentral>[1] = {}, route: Parameters<typeof runCall>[1] = own) {
  const labels = new Labels();
  const central: FakeCentral = fakeCentral(labels, options);
  return runCall(voicemailRetrievalApp, route, steps, central, labels).then((run) => ({ ...run, calls: central.calls }));
}

describe('voicemail retrieval: logging in', () => {
  it('with the right PIN, says the counts and the main menu', async () => {
    const run = await call([{ when: 'enter-pin', press: `${PIN}#` }, { when: MENU_END, press: '#' }]);
    expect(run.played.slice(0, 4)).toEqual(['enter-pin', 'no-messages', 'main-menu', 'menu-new-messages']);
    expect(run.calls).toContain(`checkPin 2001 ${PIN}`);
  });

  it('after a wrong PIN, says so and accepts the right one', async () => {
    const run = await call([{ when: 'enter-pin', press: '1111#' }, { when: 'enter-pin', press: `${PIN}#` }, { when: MENU_END, press: '#' }]);
    expect(run.played.slice(0, 4)).toEqual(['enter-pin', 'invalid-pin', 'enter-pin', 'no-messages']);
    expect(run.calls.filter((c) => c.startsWith('checkPin'))).toEqual(['checkPin 2001 1111', `checkPin 2001 ${PIN}`]);
  });

  it('hangs up after three wrong PINs without reading the messages', async () => {
    const wrong = { when: 'enter-pin', press: '1111#' };
    const run = await call([wrong, wrong, wrong]);
    expect(run.played).toEqual(['enter-pin', 'invalid-pin', 'enter-pin', 'invalid-pin', 'enter-pin', 'invalid-pin', 'too-many-attempts', 'goodbye']);
    expect(run.hangups).toBe(1);
    expect(run.calls.some((c) => c.startsWith('messages'))).toBe(false);
  });

  it('logs in with a PIN of the longest length (10 digits) followed by #, and the # does not leak into the menu', async () => {
    const run = await call([{ when: 'enter-pin', press: '1234567890#' }, { when: MENU_END, press: '#' }], { pin: '1234567890' });
    expect(run.calls).toContain('checkPin 2001 1234567890');
    expect(run.played).toContain(MENU_END);
  });

  it('does not ask the central app about a PIN of the wrong shape, but counts it', async () => {
    const run = await call([{ when: 'enter-pin', press: '12#' }, { when: 'enter-pin', press: `${PIN}#` }, { when: MENU_END, press: '#' }]);
    expect(run.calls.filter((c) => c.startsWith('checkPin'))).toEqual([`checkPin 2001 ${PIN}`]);
    expect(run.played.slice(0, 2)).toEqual(['enter-pin', 'invalid-pin']);
  });

  it('hangs up at once on a locked mailbox, even with the right PIN', async () => {
    const run = await call([{ when: 'enter-pin', press: `${PIN}#` }, { when: 'enter-pin', press: `${PIN}#` }], { locked: true });
    expect(run.played).toEqual(['enter-pin', 'too-many-attempts', 'goodbye']);
    expect(run.hangups).toBe(1);
  });

  it('says pin-not-set and hangs up when the mailbox has no PIN', async () => {
    const run = await call([{ when: 'enter-pin', press: `${PIN}#` }], { info: mailboxInfo({ hasPin: false }) });
    expect(run.played).toEqual(['pin-not-set', 'goodbye']);
    expect(run.hangups).toBe(1);
    expect(run.calls.some((c) => c.startsWith('checkPin'))).toBe(false);
  });

  it('says invalid-mailbox for a mailbox the site does not have', async () => {
    const run = await call([], { info: null });
    expect(run.played).toEqual(['invalid-mailbox', 'goodbye']);
    expect(run.hangups).toBe(1);
  });

  it('says the service is unavailable and hangs up when the central app cannot be reached', async () => {
    const run = await call([], { info: new CentralError('NETWORK', 'connect ECONNREFUSED') });
    expect(run.played).toEqual(['service-unavailable']);
    expect(run.hangups).toBe(1);
  });

  it('asks for the mailbox when 1002 was dialled without one', async () => {
    const run = await call([{ when: 'enter-mailbox', press: '2001#' }, { when: 'enter-pin', press: `${PIN}#` }, { when: MENU_END, press: '#' }], {}, { app: 'voicemail-other', mailbox: null });
    expect(run.played[0]).toBe('enter-mailbox');
    expect(run.calls[0]).toBe('mailbox 2001');
  });

  it("speaks the owner's language from the PIN prompt on", async () => {
    const run = await call([{ when: 'enter-pin', press: `${PIN}#` }, { when: MENU_END, press: '#' }], { info: mailboxInfo({ language: 'es' }) });
    expect(run.promptLanguages).toContain('es/enter-pin');
    expect(run.promptLanguages.every((p) => p.startsWith('es/'))).toBe(true);
  });
});

describe('voicemail retrieval: counts', () => {
  it('says how many new and saved messages there are, with singular and plural', async () => {
    const messages = [message('m1'), message('m2'), message('m3', { heard: true })];
    const run = await call([{ when: 'enter-pin', press: `${PIN}#` }, { when: MENU_END, press: '#' }], { messages });
    expect(run.played.slice(1, 7)).toEqual(['you-have', 'n-2', 'new-messages', 'word-and', 'n-1', 'saved-message']);
  });
});
