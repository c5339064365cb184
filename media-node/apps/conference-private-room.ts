import type { ConferenceClient } from '../central/conference-client.js';
import { CentralError } from '../central/errors.js';
import type { OpenRoom, RunningRoom } from '../conference/room-registry.js';
import { gather, hangup, play, runVerbs, type CallSession, type GatherResult } from '../ivr/index.js';
import { callEnded } from '../ivr/verb.js';
import type { NodeLogger } from '../log.js';
import { speakTo } from './conference-announcements.js';
import { central } from './central-call.js';

/** The same rule as the central app's PrivatePinSchema. */
export const PRIVATE_PIN = /^\d{4,10}$/;
/** Tries at typing a new PIN twice alike before the node gives up. */
export const MAX_NEW_PIN_TRIES = 3;
/** How long the node waits for the next key of a PIN typed inside the room. */
const IN_ROOM_DIGIT_MS = 10_000;

export type PrivateRoomClient = Pick<ConferenceClient, 'room' | 'setPrivatePin'>;

/**
 * Private rooms (manual 4.3): one per extension, made by its owner from their own phone. The owner
 * dialled 1006 + their extension and no room answers that number yet: a new PIN, typed twice,
 * makes it. Returns the new room (the caller enters it as its administrator) or null when the
 * call is over (given up, hung up, or the central app failed and the caller was told).
 */
export async function setUpPrivateRoom(session: CallSession, client: PrivateRoomClient, extension: string, log: NodeLogger): Promise<OpenRoom | null> {
  await runVerbs(session, [play({ prompt: 'conference-private-not-set-up' })]);
  const pin = await newPinByPhone(session);
  if (pin === null) return null;
  const saved = await central(session, log, () => savePin(client, extension, pin));
  if (saved === undefined) return null;
  const lookup = saved ? await central(session, log, () => client.room(extension)) : null;
  if (lookup === undefined) return null;
  if (lookup?.state !== 'open' || lookup.kind !== 'private') {
    // The number is no extension of this site, or a public room took it meanwhile: nothing to enter.
    await runVerbs(session, [play({ prompt: 'conference-invalid' }), play({ prompt: 'goodbye' }), hangup()]);
    return null;
  }
  log.info('private conference room set up by phone', { extension });
  await runVerbs(session, [play({ prompt: 'conference-private-ready' })]);
  return lookup;
}

/** False when the central app knows no such extension (404); other failures throw. */
async function savePin(client: PrivateRoomClient, extension: string, pin: string): Promise<boolean> {
  try {
    await client.setPrivatePin(extension, pin);
    return true;
  } catch (error) {
    if (error instanceof CentralError && error.status === 404) return false;
    throw error;
  }
}

/** A new PIN typed twice alike (before entering, with gather); null once the call is over. */
async function newPinByPhone(session: CallSession): Promise<string | null> {
  for (let attempt = 1; attempt <= MAX_NEW_PIN_TRIES; attempt++) {
    const first = await ask(session, 'enter-new-pin');
    if (first === null) return null;
    if (!PRIVATE_PIN.test(first)) {
      await runVerbs(session, [play({ prompt: 'pin-wrong-length' })]);
      continue;
    }
    const second = await ask(session, 'reenter-new-pin');
    if (second === null) return null;
    if (second === first) return first;
    await runVerbs(session, [play({ prompt: 'pin-mismatch' })]);
  }
  await runVerbs(session, [play({ prompt: 'too-many-attempts' }), play({ prompt: 'goodbye' }), hangup()]);
  return null;
}

async function ask(session: CallSession, prompt: string): Promise<string | null> {
  const [answer] = (await runVerbs(session, [gather({ maxDigits: 11, terminator: '#', firstDigitTimeoutMs: 10_000, prompt: play({ prompt }) })])) as (GatherResult | undefined)[];
  if (!answer || answer.reason === 'hangup' || callEnded(session)) return null;
  return answer.digits;
}

/**
 * The owner's key 5 inside their private room: the new PIN twice, then saved. The caller stays
 * bridged meanwhile, so prompts go through the mixer to them alone and keys are read one by one.
 */
export async function changePinInRoom(session: CallSession, room: RunningRoom, memberId: string, signal: AbortSignal, save: (pin: string) => Promise<void>, log: NodeLogger): Promise<void> {
  const say = (prompt: string) => speakTo(session, room, memberId, prompt);
  for (let attempt = 1; attempt <= MAX_NEW_PIN_TRIES; attempt++) {
    await say('enter-new-pin');
    const first = await typed(session, signal);
    if (first === null) return;
    if (!PRIVATE_PIN.test(first)) {
      await say('pin-wrong-length');
      continue;
    }
    await say('reenter-new-pin');
    const second = await typed(session, signal);
    if (second === null) return;
    if (second !== first) {
      await say('pin-mismatch');
      continue;
    }
    try {
      await save(first);
      log.info('private conference room PIN changed by phone', { roomId: room.roomId });
      await say('pin-changed');
    } catch (error) {
      // The caller stays in the room: losing the call over a failed save would be worse.
      log.warn('private room PIN could not be saved', { roomId: room.roomId, error: String(error) });
      await say('conference-pin-not-saved');
    }
    return;
  }
  await say('too-many-attempts');
}

/** Keys up to '#' (or a pause); null when the caller left the room meanwhile. */
async function typed(session: CallSession, signal: AbortSignal): Promise<string | null> {
  let digits = '';
  for (;;) {
    const digit = await session.digits.next(IN_ROOM_DIGIT_MS, signal);
    if (digit === 'aborted' || signal.aborted) return null;
    if (digit === 'timeout' || digit === '#') return digits;
    // Past the longest PIN the answer is wrong anyway; the length stays bounded.
    if (digits.length <= 10) digits += digit;
  }
}
