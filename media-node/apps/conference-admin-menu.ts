import { toFrames } from '../audio/pcm.js';
import type { Role, RunningRoom } from '../conference/room-registry.js';
import { beep } from '../ivr/tones.js';
import type { CallSession } from '../ivr/session.js';
import type { DtmfDigit } from '../media/call-media.js';
import { speakTo as speak } from './conference-announcements.js';

export interface MemberKeysOptions {
  /** Only in a private room, for its owner: key 5 changes the room's PIN (and the menu says so). */
  changePin?: (signal: AbortSignal) => Promise<void>;
}

/**
 * The caller's keys while in the room. A participant's keys do nothing. An administrator's '*'
 * speaks the menu (manual 4.3.3); then:
 *   1  mute / unmute all participants     2  lock / unlock entry      3  remove the last who entered
 *   4 / 6  conference volume down / up    7 / 9  own volume down / up  8  leave the menu
 * 1, 2 and 3 act once and leave the menu; the volume keys repeat until 8. Feedback is heard by the
 * administrator only, mixed over the conference. The owner of a private room also has
 *   5  change the room's PIN
 */
export async function memberKeys(session: CallSession, room: RunningRoom, memberId: string, role: Role, signal: AbortSignal, options: MemberKeysOptions = {}): Promise<void> {
  let inMenu = false;
  for (;;) {
    const digit = await session.digits.next(60_000, signal);
    if (digit === 'aborted' || signal.aborted) return;
    if (digit === 'timeout' || role !== 'admin') continue;
    if (digit === '*') {
      inMenu = true;
      await speak(session, room, memberId, options.changePin ? 'conference-private-admin-menu' : 'conference-admin-menu');
    } else if (inMenu) inMenu = await menuKey(session, room, memberId, digit, options, signal);
  }
}

/** Carries out one menu key; true while the menu stays open. */
async function menuKey(session: CallSession, room: RunningRoom, memberId: string, digit: DtmfDigit, options: MemberKeysOptions, signal: AbortSignal): Promise<boolean> {
  const mixer = room.mixer;
  switch (digit) {
    case '1': {
      const participants = room.participants().filter((p) => p.role === 'participant');
      const mute = participants.some((p) => mixer.member(p.id)?.muted === false);
      for (const p of participants) {
        if (mute) mixer.mute(p.id);
        else mixer.unmute(p.id);
      }
      await speak(session, room, memberId, mute ? 'conference-all-muted' : 'conference-all-unmuted');
      return false;
    }
    case '2':
      if (mixer.locked) mixer.unlock();
      else mixer.lock();
      await speak(session, room, memberId, mixer.locked ? 'conference-locked' : 'conference-unlocked');
      return false;
    case '3': {
      const last = room.lastEntered(memberId);
      if (last) mixer.remove(last.id);
      await speak(session, room, memberId, last ? 'conference-participant-removed' : 'invalid-option');
      return false;
    }
    case '4':
    case '6':
      mixer.stepConferenceGain(digit === '4' ? -1 : 1);
      void mixer.playTo(memberId, toFrames(beep()));
      return true;
    case '7':
    case '9':
      mixer.stepMemberInputGain(memberId, digit === '7' ? -1 : 1);
      void mixer.playTo(memberId, toFrames(beep()));
      return true;
    case '8':
      await speak(session, room, memberId, 'conference-menu-closed');
      return false;
    case '5':
      if (!options.changePin) break;
      await options.changePin(signal);
      return false;
    default:
      break;
  }
  await speak(session, room, memberId, 'invalid-option');
  return true;
}
