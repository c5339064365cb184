import { randomUUID } from 'node:crypto';
import type { CallApplication } from '../calls/call-application.js';
import type { ConferenceClient } from '../central/conference-client.js';
import type { Announcements, OpenRoom, Role, RoomRegistry, RunningRoom } from '../conference/room-registry.js';
import { bridgeToConference, gather, hangup, play, runVerbs, say, type BridgeResult, type CallSession } from '../ivr/index.js';
import { callEnded } from '../ivr/verb.js';
import type { NodeLogger } from '../log.js';
import { memberKeys, type MemberKeysOptions } from './conference-admin-menu.js';
import { announces, askName, asksName, buildAnnouncements } from './conference-announcements.js';
import { changePinInRoom, setUpPrivateRoom } from './conference-private-room.js';
import { central } from './central-call.js';

/** Wrong PINs allowed per call before the node hangs up (the central app also locks a caller out after 5 per room). */
export const MAX_PIN_ATTEMPTS = 3;

export interface ConferenceAppDeps {
  client: Pick<ConferenceClient, 'room' | 'checkPin' | 'setPrivatePin'>;
  registry: RoomRegistry;
}

/**
 * Entering a conference by phone (manual 4.3.2): the conference code + room number (asked for when
 * not dialled) + PIN; the PIN decides administrator or participant. A closed, full or locked room
 * says so and hangs up. Inside, the caller's keys go to conference-admin-menu.ts. An extension
 * dialling its own number, when no room answers it, sets up its private room
 * (conference-private-room.ts). Entries and exits are announced as the room's options say
 * (conference-announcements.ts).
 */
export function conferenceApp(deps: ConferenceAppDeps): CallApplication {
  return {
    async run(context) {
      const { route, session, log, call } = context;
      if (route.app !== 'conference') return;
      const number = route.room ?? (await askRoom(session));
      if (number === null) return;
      const callerNumber = call.from.user.slice(0, 80);
      const entry = await enter(session, deps, number, callerNumber, log);
      if (!entry) return;
      const { lookup, role } = entry;
      const before = refusal(deps.registry.open(lookup), lookup, role);
      if (before) return refuse(session, before);
      const name = asksName(lookup.options) ? await askName(session) : null;
      if (callEnded(session)) return;
      await welcome(session, deps.registry.open(lookup), lookup);
      const announce = announces(lookup.options) ? await buildAnnouncements(session, { name, callerNumber }) : undefined;
      if (callEnded(session)) return;
      // Checked again: others may have come in (or the admin locked the room) during the prompts.
      const room = deps.registry.open(lookup);
      const now = refusal(room, lookup, role);
      if (now) return refuse(session, now);
      const who = { id: randomUUID(), callerNumber, callerName: (call.from.displayName ?? '').slice(0, 120), role };
      const keys: MemberKeysOptions = {};
      // Every administrator of a private room is its owner's phone (the central app's PIN check).
      if (lookup.kind === 'private' && role === 'admin') {
        keys.changePin = (signal) => changePinInRoom(session, room, who.id, signal, (pin) => deps.client.setPrivatePin(lookup.number, pin), log);
      }
      const outcome = await inRoom(session, room, lookup, who, announce, keys);
      if (outcome === 'removed') await runVerbs(session, [play({ prompt: 'conference-you-were-removed' }), hangup()]);
      else if (outcome === 'ended') await runVerbs(session, [play({ prompt: 'conference-ended' }), play({ prompt: 'goodbye' }), hangup()]);
    },
  };
}

interface Who {
  id: string;
  callerNumber: string;
  callerName: string;
  role: Role;
}

async function inRoom(session: CallSession, room: RunningRoom, lookup: OpenRoom, who: Who, announce: Announcements | undefined, options: MemberKeysOptions): Promise<BridgeResult | undefined> {
  room.admit(who, announce);
  const keys = new AbortController();
  try {
    const participant = who.role === 'participant';
    session.digits.clear();
    const listening = memberKeys(session, room, who.id, who.role, AbortSignal.any([keys.signal, session.signal]), options);
    const bridge = bridgeToConference({ conference: room.mixer, memberId: who.id, listenOnly: participant && lookup.options.listenOnly, muted: participant && lookup.options.muteOnEntry });
    const [outcome] = (await runVerbs(session, [bridge])) as (BridgeResult | undefined)[];
    keys.abort();
    await listening;
    return outcome;
  } finally {
    keys.abort();
    room.release(who.id);
  }
}

/**
 * The room the dialled number reaches and the caller's role in it, or null once the call is over.
 * An unknown number is the caller's own extension's private room to set up, or an invalid room.
 */
async function enter(session: CallSession, deps: ConferenceAppDeps, number: string, callerNumber: string, log: NodeLogger): Promise<{ lookup: OpenRoom; role: Role } | null> {
  const valid = /^\d{1,10}$/.test(number);
  const lookup = valid ? await central(session, log, () => deps.client.room(number)) : null;
  if (lookup === undefined) return null;
  if (lookup === null) {
    if (!valid || number !== callerNumber) return refuse(session, 'conference-invalid').then(() => null);
    const made = await setUpPrivateRoom(session, deps.client, number, log);
    return made && { lookup: made, role: 'admin' };
  }
  if (lookup.state === 'closed' || windowOver(lookup)) return refuse(session, 'conference-closed').then(() => null);
  const role = await login(session, deps, number, callerNumber, log);
  if (role === 'closed') await refuse(session, 'conference-closed');
  return role === null || role === 'closed' ? null : { lookup, role };
}

type Refusal = 'conference-closed' | 'conference-full' | 'conference-locked';

function refusal(room: RunningRoom, lookup: OpenRoom, role: Role): Refusal | null {
  if (windowOver(lookup)) return 'conference-closed';
  if (room.size >= lookup.maxParticipants) return 'conference-full';
  if (room.mixer.locked && role !== 'admin') return 'conference-locked';
  return null;
}

function windowOver(lookup: OpenRoom | { state: 'closed' }): boolean {
  return lookup.state === 'open' && lookup.endsAt !== null && Date.parse(lookup.endsAt) <= Date.now();
}

async function refuse(session: CallSession, prompt: string): Promise<void> {
  await runVerbs(session, [play({ prompt }), play({ prompt: 'goodbye' }), hangup()]);
}

async function askRoom(session: CallSession): Promise<string | null> {
  const [answer] = (await runVerbs(session, [gather({ maxDigits: 11, terminator: '#', firstDigitTimeoutMs: 10_000, prompt: play({ prompt: 'conference-enter-number' }) })])) as { digits: string }[];
  if (answer?.digits) return answer.digits;
  if (!callEnded(session)) await runVerbs(session, [play({ prompt: 'goodbye' }), hangup()]);
  return null;
}

/** The caller's role, 'closed' when the room closed meanwhile, or null once the call is over (or hung up on). */
async function login(session: CallSession, deps: ConferenceAppDeps, number: string, callerNumber: string, log: NodeLogger): Promise<Role | 'closed' | null> {
  for (let attempt = 1; attempt <= MAX_PIN_ATTEMPTS; attempt++) {
    const [answer] = (await runVerbs(session, [gather({ maxDigits: 11, terminator: '#', firstDigitTimeoutMs: 10_000, prompt: play({ prompt: 'conference-enter-pin' }) })])) as { digits: string; reason: string }[];
    if (!answer || answer.reason === 'hangup' || callEnded(session)) return null;
    // A PIN of the wrong shape is a wrong PIN, but the central app need not be asked.
    if (/^\d{4,10}$/.test(answer.digits)) {
      const result = await central(session, log, () => deps.client.checkPin(number, answer.digits, callerNumber));
      if (result === undefined) return null;
      if (result === null) return 'closed';
      if (result.role) return result.role;
      if (result.locked) break;
    }
    log.info('wrong conference PIN', { room: number, attempt });
    await runVerbs(session, [play({ prompt: 'invalid-pin' })]);
  }
  await runVerbs(session, [play({ prompt: 'too-many-attempts' }), play({ prompt: 'goodbye' }), hangup()]);
  return null;
}

/** "You are the only participant" (unless the room turned it off), or how many are in already. */
async function welcome(session: CallSession, room: RunningRoom, lookup: OpenRoom): Promise<void> {
  if (room.size === 0) {
    if (!lookup.options.noFirstMessage) await runVerbs(session, [play({ prompt: 'conference-only-participant' })]);
  } else if (lookup.options.announceCount) {
    await runVerbs(session, [play({ prompt: 'conference-there-are' }), say({ number: room.size }), play({ prompt: 'conference-others-in' })]);
  }
}
