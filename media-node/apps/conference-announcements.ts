import { FRAME_SAMPLES, joinFrames, toFrames } from '../audio/pcm.js';
import type { Announcements, OpenRoom, RunningRoom } from '../conference/room-registry.js';
import { digitFragments } from '../ivr/say/index.js';
import type { CallSession } from '../ivr/session.js';
import { gather, play, record, runVerbs, type GatherResult } from '../ivr/index.js';
import { callEnded } from '../ivr/verb.js';

/** Recordings of the caller's name before the node gives up and announces the number instead. */
export const MAX_NAME_TAKES = 3;
/**
 * Mean absolute sample value a 20 ms frame needs to count as voice: about −39 dBFS, where speech
 * on a phone sits near −20 (its louder frames at 1 000–3 000). Speech 12 dB softer than usual still
 * passes; 18 dB softer, or a line with only hiss (the recorder's silence is under 200), does not.
 */
export const NAME_VOICE_LEVEL = 300;
/** Voiced audio a name needs to be announced: less is a cough, a click or a caller too far from the phone. */
export const NAME_MIN_VOICED_MS = 200;

type Options = OpenRoom['options'];

/** Whether entries and exits are spoken (quiet mode silences them, names included). */
export function announces(options: Options): boolean {
  return !options.quiet && (options.announceJoinLeave || options.announceNames);
}

export function asksName(options: Options): boolean {
  return !options.quiet && options.announceNames;
}

/** The "level check" of the manual's reviewed names: enough frames loud enough to be a voice. */
export function nameAudible(pcm: Int16Array): boolean {
  let voiced = 0;
  for (let at = 0; at + FRAME_SAMPLES <= pcm.length; at += FRAME_SAMPLES) {
    let sum = 0;
    for (let i = at; i < at + FRAME_SAMPLES; i++) sum += Math.abs(pcm[i]!);
    if (sum / FRAME_SAMPLES >= NAME_VOICE_LEVEL) voiced++;
  }
  return voiced * 20 >= NAME_MIN_VOICED_MS;
}

/**
 * Records the caller's name (about 3 s, ending on '#' or silence), checks its level and plays it
 * back for review: 1 accepts, 2 records again. Too quiet or empty asks again, up to
 * MAX_NAME_TAKES recordings; then null (the number or a plain "a participant" is announced).
 * The name stays in memory for this call only.
 */
export async function askName(session: CallSession): Promise<Int16Array | null> {
  let prompt = 'conference-say-name';
  for (let take = 1; take <= MAX_NAME_TAKES; take++) {
    await runVerbs(session, [play({ prompt })]);
    const [result] = (await runVerbs(session, [record({ maxSeconds: 3, silenceSeconds: 1.5, endOnDigits: '#' })])) as { pcm: Int16Array }[];
    if (!result || callEnded(session)) return null;
    if (!nameAudible(result.pcm)) {
      prompt = 'conference-name-not-heard';
      continue;
    }
    const verdict = await review(session, result.pcm);
    if (verdict === 'accept') return result.pcm;
    if (verdict === 'hangup') return null;
    prompt = 'conference-say-name';
  }
  return null;
}

async function review(session: CallSession, name: Int16Array): Promise<'accept' | 'again' | 'hangup'> {
  for (let asked = 0; asked < 3; asked++) {
    // The caller may answer at any point: a key cuts the playback short and is read by the gather.
    const results = await runVerbs(session, [
      play({ prompt: 'conference-name-recorded-as', bargeIn: true }),
      play({ pcm: name, bargeIn: true }),
      gather({ maxDigits: 1, terminator: '', firstDigitTimeoutMs: 5000, prompt: play({ prompt: 'conference-name-review', bargeIn: true }) }),
    ]);
    const digits = (results[2] as GatherResult | undefined)?.digits;
    if (callEnded(session)) return 'hangup';
    if (digits === '1') return 'accept';
    if (digits === '2') return 'again';
    if (digits) await runVerbs(session, [play({ prompt: 'invalid-option' })]);
  }
  // Heard three times without a choice: the recording passed its level check, so it is used.
  return 'accept';
}

/**
 * What the others hear when this caller enters and leaves: the recorded name, else "Number" and
 * the caller's digits, else "a participant", then "has joined" / "has left". Spoken in the site's
 * language: one announcement goes to everyone in the room.
 */
export async function buildAnnouncements(session: CallSession, who: { name: Int16Array | null; callerNumber: string }): Promise<Announcements> {
  const language = session.siteLanguage;
  const audio = async (ids: string[]) => {
    const parts = await Promise.all(ids.map((id) => session.prompts.get(id, language, language)));
    return joinFrames(parts.filter((p): p is Int16Array => p !== null));
  };
  if (who.name) return { joined: joinFrames([who.name, await audio(['conference-has-joined'])]), left: joinFrames([who.name, await audio(['conference-has-left'])]) };
  if (/^\d{2,15}$/.test(who.callerNumber)) {
    const subject = ['conference-number', ...digitFragments(who.callerNumber)];
    return { joined: await audio([...subject, 'conference-has-joined']), left: await audio([...subject, 'conference-has-left']) };
  }
  return { joined: await audio(['conference-participant-joined']), left: await audio(['conference-participant-left']) };
}

/** Queues a prompt for one member of the room only; does not wait for it, so the next key is read at once. */
export async function speakTo(session: CallSession, room: RunningRoom, memberId: string, prompt: string): Promise<void> {
  const pcm = await session.prompts.get(prompt, session.language, session.siteLanguage);
  if (pcm) void room.mixer.playTo(memberId, toFrames(pcm));
}
