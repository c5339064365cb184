import type { MailboxInfo, MailboxMessage } from '../central/voicemail-client.js';
import { gather, play, runVerbs, say, type CallSession, type Verb } from '../ivr/index.js';
import type { NodeLogger } from '../log.js';
import { central } from './central-call.js';
import { sequence, storedAudio, type VoicemailAppDeps } from './voicemail-common.js';

/**
 * Plays a list of messages, oldest first. Keys, during a message (it stops) or after it (prompt
 * message-keys):
 *   1  repeat      2  save (marked heard: it becomes a saved message)      3  delete
 *   4  previous    6  next      #  back to the main menu
 * A message heard to its end is marked heard. Silence after a message moves on to the next.
 * Returns false when the call ended (or the central app failed and the node hung up).
 */
export async function playMessages(session: CallSession, deps: VoicemailAppDeps, info: MailboxInfo, list: MailboxMessage[], log: NodeLogger): Promise<boolean> {
  const messages = [...list];
  const heard = new Set(messages.filter((m) => m.heard).map((m) => m.id));
  const markHeard = async (message: MailboxMessage): Promise<void> => {
    if (heard.has(message.id)) return;
    try {
      await deps.client.markHeard(message.id);
      heard.add(message.id);
      deps.mailboxChanged?.();
    } catch (error) {
      // The caller heard it; the flag follows on a later listen. Not worth ending the call over.
      log.warn('could not mark a voicemail heard', { messageId: message.id, error: String(error) });
    }
  };
  let index = 0;
  while (index < messages.length && !session.signal.aborted) {
    const message = messages[index] as MailboxMessage;
    const pcm = await storedAudio(deps.client, message.audio.audioId, log);
    if (info.hearDetails) await runVerbs(session, [sequence(details(message))]);
    let playedThrough = false;
    if (pcm && session.digits.size === 0) {
      const [result] = await runVerbs(session, [play({ pcm, bargeIn: true })]);
      playedThrough = result === 'done';
    }
    if (session.signal.aborted) return false;
    if (playedThrough) await markHeard(message);

    const [answer] = (await runVerbs(session, [gather({ maxDigits: 1, terminator: '', firstDigitTimeoutMs: 5000, prompt: play({ prompt: 'message-keys', bargeIn: true }) })])) as { digits: string; reason: string }[];
    if (!answer || session.signal.aborted) return false;
    switch (answer.digits) {
      case '1':
        break;
      case '2':
        await markHeard(message);
        await runVerbs(session, [play({ prompt: 'message-saved' })]);
        index++;
        break;
      case '3':
        if ((await central(session, log, () => deps.client.deleteMessage(message.id).then(() => true))) === undefined) return false;
        deps.mailboxChanged?.();
        messages.splice(index, 1);
        await runVerbs(session, [play({ prompt: 'message-deleted' })]);
        break;
      case '4':
        if (index === 0) await runVerbs(session, [play({ prompt: 'first-message' })]);
        else index--;
        break;
      case '#':
        return true;
      case '6':
      case '':
        index++;
        break;
      default:
        await runVerbs(session, [play({ prompt: 'invalid-option' })]);
    }
  }
  if (session.signal.aborted) return false;
  await runVerbs(session, [play({ prompt: 'end-of-messages' })]);
  return true;
}

/** "Received <date and time> From <number>", in the site's time zone (the session's). */
function details(message: MailboxMessage): Verb<unknown>[] {
  const verbs: Verb<unknown>[] = [play({ prompt: 'message-received', bargeIn: true }), say({ dateTime: new Date(message.receivedAt), bargeIn: true })];
  const number = message.callerNumber.replace(/[^\d*#]/g, '');
  if (number) verbs.push(play({ prompt: 'message-from', bargeIn: true }), say({ digits: number, bargeIn: true }));
  return verbs;
}
