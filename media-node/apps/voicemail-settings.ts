import { toFrames } from '../audio/pcm.js';
import type { MailboxInfo } from '../central/voicemail-client.js';
import { PIN_PATTERN, type GreetingAudioMetadata } from '../../functions/services/voicemail/node-voicemail-contract.js';
import { gather, play, record, runVerbs, type CallSession, type GatherResult, type RecordResult } from '../ivr/index.js';
import type { NodeLogger } from '../log.js';
import { central } from './central-call.js';
import type { VoicemailAppDeps } from './voicemail-common.js';

/** Longest greeting or name recording. */
export const GREETING_MAX_SECONDS = 60;
/**
 * Digits a PIN entry reads: one more than the longest PIN (10), so the '#' after a 10-digit PIN
 * is read as its end instead of being left for the next menu, and 11 digits are a wrong length.
 */
export const PIN_GATHER_DIGITS = 11;
/** A recording shorter than this was a slip of the finger: the caller is asked again. */
const GREETING_MIN_SAMPLES = 8000 / 2;

async function ask(session: CallSession, prompt: string, maxDigits: number, terminator: string): Promise<GatherResult | undefined> {
  const [answer] = (await runVerbs(session, [gather({ maxDigits, terminator, firstDigitTimeoutMs: 8000, prompt: play({ prompt, bargeIn: true }) })])) as GatherResult[];
  return session.signal.aborted ? undefined : answer;
}

/**
 * Greetings and name (main menu 3; prompt greetings-menu): 1 busy greeting, 2 unavailable
 * greeting, 3 name, # back. Each is recorded after a beep (# ends it, at most 60 s), then
 * (prompt greeting-review) 1 keeps it, 2 records again, 3 plays it back. A kept recording goes
 * to the spool as a 'greeting' item; the central app makes it the mailbox's greeting.
 */
export async function greetingsMenu(session: CallSession, deps: VoicemailAppDeps, info: MailboxInfo): Promise<void> {
  const which: Record<string, GreetingAudioMetadata['greeting']> = { '1': 'busy', '2': 'unavailable', '3': 'name' };
  for (let rounds = 0; rounds < 3 && !session.signal.aborted; rounds++) {
    const answer = await ask(session, 'greetings-menu', 1, '');
    if (!answer || answer.digits === '#') return;
    const greeting = which[answer.digits];
    if (!greeting) {
      if (answer.digits) await runVerbs(session, [play({ prompt: 'invalid-option' })]);
      continue;
    }
    const pcm = await recordGreeting(session);
    if (!pcm) return;
    const writer = await deps.spool.beginAudio({ kind: 'greeting', startedAt: new Date(), metadata: { mailbox: info.extension, greeting } satisfies GreetingAudioMetadata });
    for (const frame of toFrames(pcm)) writer.write(frame);
    await writer.finish();
    await runVerbs(session, [play({ prompt: 'greeting-saved' })]);
    rounds = 0;
  }
}

/** Records until the caller keeps a take; null when they hung up or gave up. */
async function recordGreeting(session: CallSession): Promise<Int16Array | null> {
  for (let takes = 0; takes < 5; takes++) {
    await runVerbs(session, [play({ prompt: 'beep-record-after-tone' })]);
    const [take] = (await runVerbs(session, [record({ maxSeconds: GREETING_MAX_SECONDS, silenceSeconds: 10, endOnDigits: '#' })])) as RecordResult[];
    if (!take || take.reason === 'hangup' || session.signal.aborted) return null;
    if (take.pcm.length < GREETING_MIN_SAMPLES) {
      await runVerbs(session, [play({ prompt: 'try-again' })]);
      continue;
    }
    for (let reviews = 0; reviews < 3; reviews++) {
      const answer = await ask(session, 'greeting-review', 1, '');
      if (!answer) return null;
      if (answer.digits === '1') return take.pcm;
      if (answer.digits === '2') break;
      if (answer.digits === '3') await runVerbs(session, [play({ pcm: take.pcm, bargeIn: true })]);
      else if (answer.digits) await runVerbs(session, [play({ prompt: 'invalid-option' })]);
    }
  }
  return null;
}

/** Change PIN (main menu 4): the new one twice, 4 to 10 digits, then saved centrally. False when the call is over. */
export async function changePin(session: CallSession, deps: VoicemailAppDeps, info: MailboxInfo, log: NodeLogger): Promise<boolean> {
  const first = await ask(session, 'enter-new-pin', PIN_GATHER_DIGITS, '#');
  if (!first) return false;
  if (!PIN_PATTERN.test(first.digits)) {
    await runVerbs(session, [play({ prompt: 'pin-wrong-length' })]);
    return !session.signal.aborted;
  }
  const second = await ask(session, 'reenter-new-pin', PIN_GATHER_DIGITS, '#');
  if (!second) return false;
  if (second.digits !== first.digits) {
    await runVerbs(session, [play({ prompt: 'pin-mismatch' })]);
    return !session.signal.aborted;
  }
  if ((await central(session, log, () => deps.client.changePin(info.extension, first.digits).then(() => true))) === undefined) return false;
  await runVerbs(session, [play({ prompt: 'pin-changed' })]);
  return !session.signal.aborted;
}
