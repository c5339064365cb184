import { describe, expect, it } from 'vitest';
import { voicemailRetrievalApp } from '../../../media-node/apps/voicemail-retrieval.js';
import type { MailboxMessage } from '../../../media-node/central/voicemail-client.js';
import { fakeCentral, mailboxInfo, message, PIN, runCall } from './voicemail-fixture.js';
import { Labels, type Step } from './scripted-media.js';

const own = { app: 'voicemail-own', mailbox: '2001' } as const;
const login: Step = { when: 'enter-pin', press: `${PIN}#` };
const MENU_END = 'menu-exit';
const audio = (id: string) => `audio:a-${id}`;

async function call(steps: Step[], messages: MailboxMessage[], hearDetails = false) {
  const labels = new Labels();
  const central = fakeCentral(labels, { messages, info: mailboxInfo({ hearDetails }) });
  let changes = 0;
  const run = await runCall(voicemailRetrievalApp, own, [login, ...steps], central, labels, undefined, () => changes++);
  return { ...run, calls: central.calls, changes, audios: run.played.filter((p) => p.startsWith('audio:')) };
}

const two = () => [message('m1'), message('m2')];

describe('voicemail retrieval: playing messages', () => {
  it('1 in the main menu plays the new messages only, oldest first', async () => {
    const run = await call([{ when: MENU_END, press: '1' }, { when: 'message-keys', press: '6' }, { when: 'message-keys', press: '6' }, { when: MENU_END, press: '#' }], [...two(), message('m3', { heard: true })]);
    expect(run.audios).toEqual([audio('m1'), audio('m2')]);
    expect(run.played).toContain('end-of-messages');
  });

  it('marks a message heard once it played to its end', async () => {
    const run = await call([{ when: MENU_END, press: '1' }, { when: 'message-keys', press: '#' }, { when: MENU_END, press: '#' }], two());
    expect(run.calls).toContain('markHeard m1');
    expect(run.calls).not.toContain('markHeard m2');
    expect(run.changes).toBe(1);
  });

  it('does not mark heard a message cut short with 6 (next)', async () => {
    const run = await call([{ when: MENU_END, press: '1' }, { when: audio('m1'), press: '6' }, { when: audio('m2'), press: '#' }, { when: MENU_END, press: '#' }], two());
    expect(run.audios).toEqual([audio('m1'), audio('m2')]);
    expect(run.calls.some((c) => c.startsWith('markHeard'))).toBe(false);
  });

  it('1 while a message plays repeats it', async () => {
    const run = await call([{ when: MENU_END, press: '1' }, { when: audio('m1'), press: '1' }, { when: audio('m1'), press: '#' }, { when: MENU_END, press: '#' }], two());
    expect(run.audios).toEqual([audio('m1'), audio('m1')]);
  });

  it('2 saves the message (marked heard), says so and moves to the next', async () => {
    const run = await call([{ when: MENU_END, press: '1' }, { when: audio('m1'), press: '2' }, { when: audio('m2'), press: '#' }, { when: MENU_END, press: '#' }], two());
    expect(run.calls).toContain('markHeard m1');
    expect(run.played.indexOf('message-saved')).toBeLessThan(run.played.indexOf(audio('m2')));
  });

  it('3 deletes the message centrally and plays the next', async () => {
    const run = await call([{ when: MENU_END, press: '1' }, { when: audio('m1'), press: '3' }, { when: audio('m2'), press: '#' }, { when: MENU_END, press: '#' }], two());
    expect(run.calls).toContain('deleteMessage m1');
    expect(run.played).toContain('message-deleted');
    expect(run.audios).toEqual([audio('m1'), audio('m2')]);
    expect(run.changes).toBe(1);
  });

  it('4 goes back to the previous message, and says first-message on the first', async () => {
    const run = await call(
      [{ when: MENU_END, press: '1' }, { when: audio('m1'), press: '4' }, { when: audio('m1'), press: '6' }, { when: audio('m2'), press: '4' }, { when: audio('m1'), press: '#' }, { when: MENU_END, press: '#' }],
      two(),
    );
    expect(run.played).toContain('first-message');
    expect(run.audios).toEqual([audio('m1'), audio('m1'), audio('m2'), audio('m1')]);
  });

  it('# while a message plays goes back to the main menu', async () => {
    const run = await call([{ when: MENU_END, press: '1' }, { when: audio('m1'), press: '#' }, { when: MENU_END, press: '#' }], two());
    const after = run.played.slice(run.played.indexOf(audio('m1')) + 1);
    expect(after.slice(0, 2)).toEqual(['main-menu', 'menu-new-messages']);
    expect(run.audios).toEqual([audio('m1')]);
  });

  it('says when and from whom before each message when the owner asked for details', async () => {
    const run = await call([{ when: MENU_END, press: '1' }, { when: 'message-keys', press: '#' }, { when: MENU_END, press: '#' }], [message('m1')], true);
    const at = run.played.indexOf(audio('m1'));
    // 2025-03-04 13:05 UTC is Tuesday 10:05 in São Paulo; the caller is 3001.
    // Consecutive equal fragments (the two zeros of 3001) read back as one run.
    expect(run.played.slice(at - 13, at)).toEqual(['message-received', 'weekday-2', 'month-3', 'day-4', 'at', 'n-10', 'oh', 'n-5', 'am', 'message-from', 'n-3', 'n-0', 'n-1']);
  });

  it('says no details before a message when the owner did not ask for them', async () => {
    const run = await call([{ when: MENU_END, press: '1' }, { when: 'message-keys', press: '#' }, { when: MENU_END, press: '#' }], [message('m1')], false);
    expect(run.played).not.toContain('message-received');
    expect(run.played).not.toContain('message-from');
  });

  it('2 in the main menu plays the saved messages', async () => {
    const run = await call([{ when: MENU_END, press: '2' }, { when: 'message-keys', press: '#' }, { when: MENU_END, press: '#' }], [message('m1'), message('m3', { heard: true })]);
    expect(run.audios).toEqual([audio('m3')]);
    expect(run.calls.some((c) => c.startsWith('markHeard'))).toBe(false);
  });
});

describe('voicemail retrieval: main menu', () => {
  it('* says the counts and the menu again', async () => {
    const run = await call([{ when: MENU_END, press: '*' }, { when: MENU_END, press: '#' }], two());
    expect(run.played.filter((p) => p === 'you-have')).toHaveLength(2);
    expect(run.played.filter((p) => p === 'main-menu')).toHaveLength(2);
  });

  it('the menu after an action does not repeat the counts', async () => {
    const run = await call([{ when: MENU_END, press: '9' }, { when: MENU_END, press: '#' }], two());
    expect(run.played).toContain('invalid-option');
    expect(run.played.filter((p) => p === 'you-have')).toHaveLength(1);
    expect(run.played.filter((p) => p === 'main-menu')).toHaveLength(2);
  });

  it('# says goodbye and hangs up', async () => {
    const run = await call([{ when: MENU_END, press: '#' }], two());
    expect(run.played.at(-1)).toBe('goodbye');
    expect(run.hangups).toBe(1);
  });
});
