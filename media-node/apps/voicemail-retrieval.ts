import type { CallApplication } from '../calls/call-application.js';
import type { MailboxInfo } from '../central/voicemail-client.js';
import { gather, hangup, play, runVerbs, say, type CallSession, type Verb } from '../ivr/index.js';
import type { NodeLogger } from '../log.js';
import { central } from './central-call.js';
import { inLanguage, sequence, type VoicemailAppDeps } from './voicemail-common.js';
import { playMessages } from './voicemail-messages.js';
import { changePin, greetingsMenu, PIN_GATHER_DIGITS } from './voicemail-settings.js';

/** Wrong PINs (or mailbox numbers) allowed per call before the node hangs up. */
export const MAX_ATTEMPTS = 3;

/**
 * Hearing messages by phone (manual 3.3.1): 1001# from one's own extension (voicemail-own), or
 * 1002 + mailbox + # from any (voicemail-other; asked for when not dialled), then the PIN.
 *
 * Main menu keys (prompts main-menu, menu-*):
 *   1  new messages          2  saved messages       3  greetings and name
 *   4  change PIN            *  repeat the counts and the menu             #  goodbye
 */
export function voicemailRetrievalApp(deps: VoicemailAppDeps): CallApplication {
  return {
    async run(context) {
      const { route, log } = context;
      if (route.app !== 'voicemail-own' && route.app !== 'voicemail-other') return;
      const mailbox = route.mailbox ?? (await askMailbox(context.session));
      if (mailbox === null) return;
      const info = await central(context.session, log, () => deps.client.mailbox(mailbox));
      if (info === undefined) return;
      if (info === null) {
        await runVerbs(context.session, [play({ prompt: 'invalid-mailbox' }), play({ prompt: 'goodbye' }), hangup()]);
        return;
      }
      const session = inLanguage(context.session, info.language);
      if (!(await login(session, deps, info, log))) return;
      await mainMenu(session, deps, info, log);
    },
  };
}

async function askMailbox(session: CallSession): Promise<string | null> {
  const [answer] = (await runVerbs(session, [gather({ maxDigits: 11, terminator: '#', firstDigitTimeoutMs: 10_000, prompt: play({ prompt: 'enter-mailbox' }) })])) as { digits: string }[];
  if (answer?.digits) return answer.digits;
  await runVerbs(session, [play({ prompt: 'goodbye' }), hangup()]);
  return null;
}

async function login(session: CallSession, deps: VoicemailAppDeps, info: MailboxInfo, log: NodeLogger): Promise<boolean> {
  if (!info.hasPin) {
    await runVerbs(session, [play({ prompt: 'pin-not-set' }), play({ prompt: 'goodbye' }), hangup()]);
    return false;
  }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const [answer] = (await runVerbs(session, [gather({ maxDigits: PIN_GATHER_DIGITS, terminator: '#', firstDigitTimeoutMs: 10_000, prompt: play({ prompt: 'enter-pin' }) })])) as { digits: string; reason: string }[];
    if (!answer || answer.reason === 'hangup' || session.signal.aborted) return false;
    // A PIN of the wrong shape is a wrong PIN, but the central app need not be asked.
    const result = /^\d{4,10}$/.test(answer.digits) ? await central(session, log, () => deps.client.checkPin(info.extension, answer.digits)) : { valid: false, locked: false };
    if (result === undefined) return false;
    if (result.locked) break;
    if (result.valid) return true;
    log.info('wrong voicemail PIN', { mailbox: info.extension, attempt });
    await runVerbs(session, [play({ prompt: 'invalid-pin' })]);
  }
  await runVerbs(session, [play({ prompt: 'too-many-attempts' }), play({ prompt: 'goodbye' }), hangup()]);
  return false;
}

/** "You have N new messages and M saved messages", or "You have no messages". */
export function countsPrompt(newCount: number, savedCount: number): Verb<unknown>[] {
  if (newCount === 0 && savedCount === 0) return [play({ prompt: 'no-messages', bargeIn: true })];
  return [
    play({ prompt: 'you-have', bargeIn: true }),
    say({ number: newCount, bargeIn: true }), play({ prompt: newCount === 1 ? 'new-message' : 'new-messages', bargeIn: true }),
    play({ prompt: 'word-and', bargeIn: true }),
    say({ number: savedCount, bargeIn: true }), play({ prompt: savedCount === 1 ? 'saved-message' : 'saved-messages', bargeIn: true }),
  ];
}

const MENU = ['main-menu', 'menu-new-messages', 'menu-saved-messages', 'menu-greeting', 'menu-change-pin', 'menu-repeat', 'menu-exit'];

async function mainMenu(session: CallSession, deps: VoicemailAppDeps, info: MailboxInfo, log: NodeLogger): Promise<void> {
  let announce = true;
  let silentRounds = 0;
  while (!session.signal.aborted) {
    const messages = await central(session, log, () => deps.client.messages(info.extension));
    if (messages === undefined) return;
    const fresh = messages.filter((m) => !m.heard);
    const saved = messages.filter((m) => m.heard);
    const prompt = [...(announce ? countsPrompt(fresh.length, saved.length) : []), ...MENU.map((id) => play({ prompt: id, bargeIn: true }))];
    announce = false;
    const [answer] = (await runVerbs(session, [gather({ maxDigits: 1, terminator: '', firstDigitTimeoutMs: 6000, prompt: sequence(prompt) })])) as { digits: string; reason: string }[];
    if (!answer || session.signal.aborted) return;
    if (answer.reason === 'timeout') {
      if (++silentRounds >= MAX_ATTEMPTS) break;
      continue;
    }
    silentRounds = 0;
    switch (answer.digits) {
      case '1':
        if (!(await playMessages(session, deps, info, fresh, log))) return;
        break;
      case '2':
        if (!(await playMessages(session, deps, info, saved, log))) return;
        break;
      case '3':
        await greetingsMenu(session, deps, info);
        break;
      case '4':
        if (!(await changePin(session, deps, info, log))) return;
        break;
      case '*':
        announce = true;
        break;
      case '#':
        await runVerbs(session, [play({ prompt: 'goodbye' }), hangup()]);
        return;
      default:
        await runVerbs(session, [play({ prompt: 'invalid-option' })]);
    }
  }
  await runVerbs(session, [play({ prompt: 'goodbye' }), hangup()]);
}
