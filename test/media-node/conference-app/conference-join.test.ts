import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_CATALOGUE } from '../../../functions/services/events/event-catalogue.js';
import { ADMIN_PIN, ConferenceWorld, PARTICIPANT_PIN, heard, openRoom, until } from './conference-fixture.js';

let world: ConferenceWorld;
afterEach(async () => world?.dispose());

const room = (w: ConferenceWorld) => w.registry.get('room-1');

describe('conference app: entering a room', () => {
  it('admits a participant with the participant PIN, says they are the only one, and spools started and joined', async () => {
    world = new ConferenceWorld();
    const call = world.join(PARTICIPANT_PIN, '42', { user: '3001', displayName: 'Bia' });
    await until(() => room(world)?.size === 1 && room(world)?.mixer.count === 1);
    expect(heard(call.media).slice(0, 2)).toEqual(['conference-enter-pin', 'conference-only-participant']);
    expect(room(world)?.participants()[0]).toMatchObject({ role: 'participant', callerNumber: '3001', callerName: 'Bia' });
    await world.registry.settled();
    expect(world.events.map((e) => e.type)).toEqual(['conference.started', 'conference.participant_joined']);
    expect(world.calls).toContain(`checkPin 42 ${PARTICIPANT_PIN} 3001`);
  });

  it('gives the administrator role for the administrator PIN', async () => {
    world = new ConferenceWorld();
    world.join(ADMIN_PIN);
    await until(() => room(world)?.mixer.count === 1);
    expect(room(world)?.participants()[0]?.role).toBe('admin');
  });

  it('when the last caller hangs up, spools left and ended (with how many took part) and forgets the room; payloads match the catalogue', async () => {
    world = new ConferenceWorld();
    const a = world.join(PARTICIPANT_PIN);
    const b = world.join(ADMIN_PIN);
    await until(() => room(world)?.mixer.count === 2);
    a.media.hangUp();
    b.media.hangUp();
    await Promise.all([a.done, b.done]);
    await world.registry.settled();
    expect(world.registry.list()).toEqual([]);
    expect(world.events.map((e) => e.type)).toEqual(['conference.started', 'conference.participant_joined', 'conference.participant_joined', 'conference.participant_left', 'conference.participant_left', 'conference.ended']);
    expect(world.events.at(-1)?.payload.participants).toBe(2);
    for (const e of world.events) expect(EVENT_CATALOGUE[e.type as keyof typeof EVENT_CATALOGUE].data.safeParse(e.payload).success, e.type).toBe(true);
    const times = world.events.map((e) => e.occurredAt.getTime());
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
    const sessions = new Set(world.events.map((e) => e.payload.sessionId));
    expect(sessions.size).toBe(1);
  });

  it('starts a new session (new session id) when the room is entered again after it emptied', async () => {
    world = new ConferenceWorld();
    const a = world.join(PARTICIPANT_PIN);
    await until(() => room(world)?.mixer.count === 1);
    a.media.hangUp();
    await a.done;
    world.join(PARTICIPANT_PIN);
    await until(() => room(world)?.mixer.count === 1);
    await world.registry.settled();
    const started = world.events.filter((e) => e.type === 'conference.started').map((e) => e.payload.sessionId);
    expect(started).toHaveLength(2);
    expect(started[0]).not.toBe(started[1]);
  });

  it('hangs up after three wrong PINs, and never admits the caller', async () => {
    world = new ConferenceWorld();
    const wrong = { when: 'conference-enter-pin', press: '1111#' };
    const call = world.call({ app: 'conference', room: '42' }, [wrong, wrong, wrong]);
    await call.done;
    expect(heard(call.media)).toEqual(['conference-enter-pin', 'invalid-pin', 'conference-enter-pin', 'invalid-pin', 'conference-enter-pin', 'invalid-pin', 'too-many-attempts', 'goodbye']);
    expect(call.hangups()).toBe(1);
    expect(world.events).toEqual([]);
  });

  it('says too-many-attempts at once when the central app has locked the caller out', async () => {
    world = new ConferenceWorld({ pinLocked: true });
    const call = world.join(PARTICIPANT_PIN);
    await call.done;
    expect(heard(call.media)).toEqual(['conference-enter-pin', 'too-many-attempts', 'goodbye']);
  });

  it('says the room is closed outside its window, without asking for a PIN', async () => {
    world = new ConferenceWorld({ rooms: { '42': { state: 'closed', number: '42', nextStartsAt: null, nextEndsAt: null } } });
    const call = world.join(PARTICIPANT_PIN);
    await call.done;
    expect(heard(call.media)).toEqual(['conference-closed', 'goodbye']);
    expect(call.hangups()).toBe(1);
  });

  it('says the room is closed when it closed between the lookup and the PIN', async () => {
    world = new ConferenceWorld({ pinClosed: true });
    const call = world.join(PARTICIPANT_PIN);
    await call.done;
    expect(heard(call.media)).toEqual(['conference-enter-pin', 'conference-closed', 'goodbye']);
  });

  it('says the room does not exist for an unknown number', async () => {
    world = new ConferenceWorld();
    const call = world.join(PARTICIPANT_PIN, '77');
    await call.done;
    expect(heard(call.media)).toEqual(['conference-invalid', 'goodbye']);
  });

  it('asks for the room number when only the conference code was dialled', async () => {
    world = new ConferenceWorld();
    world.call({ app: 'conference', room: null }, [{ when: 'conference-enter-number', press: '42#' }, { when: 'conference-enter-pin', press: `${PARTICIPANT_PIN}#` }]);
    await until(() => room(world)?.mixer.count === 1);
    expect(world.calls[0]).toBe('room 42');
  });

  it('refuses a caller once the room holds its maximum', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ maxParticipants: 2 }) } });
    world.join(PARTICIPANT_PIN);
    world.join(PARTICIPANT_PIN);
    await until(() => room(world)?.mixer.count === 2);
    const third = world.join(ADMIN_PIN);
    await third.done;
    expect(heard(third.media).slice(-2)).toEqual(['conference-full', 'goodbye']);
    expect(room(world)?.size).toBe(2);
  });

  it('refuses participants into a locked room but lets an administrator in', async () => {
    world = new ConferenceWorld();
    world.join(ADMIN_PIN);
    await until(() => room(world)?.mixer.count === 1);
    room(world)?.mixer.lock();
    const participant = world.join(PARTICIPANT_PIN);
    await participant.done;
    expect(heard(participant.media).slice(-2)).toEqual(['conference-locked', 'goodbye']);
    world.join(ADMIN_PIN);
    await until(() => room(world)?.mixer.count === 2);
  });

  it('makes participants listen-only and muted by the room options, but not administrators', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { listenOnly: true, muteOnEntry: true } }) } });
    world.join(PARTICIPANT_PIN);
    world.join(ADMIN_PIN);
    await until(() => room(world)?.mixer.count === 2);
    const byRole = new Map(room(world)!.participants().map((p) => [p.role, room(world)!.mixer.member(p.id)]));
    expect(byRole.get('participant')).toMatchObject({ listenOnly: true, muted: true });
    expect(byRole.get('admin')).toMatchObject({ listenOnly: false, muted: false });
  });

  it('announces how many are in when announceCount is on, and skips the first-caller message with noFirstMessage', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { announceCount: true, noFirstMessage: true } }) } });
    const first = world.join(PARTICIPANT_PIN);
    await until(() => room(world)?.mixer.count === 1);
    const second = world.join(PARTICIPANT_PIN);
    await until(() => room(world)?.mixer.count === 2);
    expect(heard(first.media)).not.toContain('conference-only-participant');
    const h = heard(second.media);
    expect(h.slice(0, 2)).toEqual(['conference-enter-pin', 'conference-there-are']);
    expect(h).toContain('conference-others-in');
  });

  it('plays an entry tone to those already in, unless the room is quiet', async () => {
    for (const quiet of [false, true]) {
      world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { quiet } }) } });
      const first = world.join(PARTICIPANT_PIN);
      await until(() => room(world)?.mixer.count === 1);
      const before = heard(first.media).length;
      world.join(PARTICIPANT_PIN);
      await until(() => room(world)?.mixer.count === 2);
      await new Promise((r) => setTimeout(r, 150));
      expect(heard(first.media).slice(before).includes('tone'), `quiet ${quiet}`).toBe(!quiet);
      await world.dispose();
    }
  });

  it('ends the room when its window closes: callers hear the conference ended and are hung up', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ endsAt: new Date(Date.now() + 400).toISOString() }) } });
    const call = world.join(PARTICIPANT_PIN);
    await call.done;
    expect(heard(call.media).slice(-2)).toEqual(['conference-ended', 'goodbye']);
    expect(call.hangups()).toBe(1);
    await world.registry.settled();
    expect(world.events.at(-1)?.type).toBe('conference.ended');
  });
});
