import { afterEach, describe, expect, it } from 'vitest';
import type { Step } from '../voicemail/scripted-media.js';
import { ADMIN_PIN, ConferenceWorld, heard, privateRoom, until, type Call } from './conference-fixture.js';

let world: ConferenceWorld;
afterEach(async () => world?.dispose());

const OWNER = { user: '2001', displayName: 'Owner' };
const private2001 = () => world.registry.get('private-2001');
const newPin = (first: string, again = first): Step[] => [
  { when: 'enter-new-pin', press: `${first}#` },
  { when: 'reenter-new-pin', press: `${again}#` },
];
const count = (call: Call, label: string) => heard(call.media).filter((l) => l === label).length;

/** The owner of 2001 (PIN 5678 already set) in their room, and the label count heard so far. */
async function ownerInRoom(): Promise<Call> {
  world = new ConferenceWorld({ privatePins: { '2001': '5678' } });
  const owner = world.join('5678', '2001', OWNER);
  await until(() => private2001()?.mixer.count === 1);
  return owner;
}

describe('conference app: a private room set up by phone', () => {
  it('its owner dialling their own extension chooses a PIN twice; it is saved and they enter as administrator', async () => {
    world = new ConferenceWorld();
    const owner = world.call({ app: 'conference', room: '2001' }, newPin('5678'), OWNER);
    await until(() => private2001()?.mixer.count === 1);
    expect(heard(owner.media).slice(0, 5)).toEqual(['conference-private-not-set-up', 'enter-new-pin', 'reenter-new-pin', 'conference-private-ready', 'conference-only-participant']);
    expect(world.calls).toEqual(['room 2001', 'setPrivatePin 2001 5678', 'room 2001']);
    expect(private2001()!.participants()[0]).toMatchObject({ role: 'admin', callerNumber: '2001' });
  });

  it('asks again after two different PINs, or a PIN of the wrong length, and saves the one typed twice alike', async () => {
    world = new ConferenceWorld();
    const owner = world.call({ app: 'conference', room: '2001' }, [...newPin('5678', '5679'), { when: 'enter-new-pin', press: '12#' }, ...newPin('24680')], OWNER);
    await until(() => private2001()?.mixer.count === 1);
    expect(heard(owner.media)).toContain('pin-mismatch');
    expect(heard(owner.media)).toContain('pin-wrong-length');
    expect(world.calls.filter((c) => c.startsWith('setPrivatePin'))).toEqual(['setPrivatePin 2001 24680']);
  });

  it('gives up after three failed tries, saving nothing', async () => {
    world = new ConferenceWorld();
    const owner = world.call({ app: 'conference', room: '2001' }, [...newPin('5678', '1111'), ...newPin('5678', '2222'), ...newPin('5678', '3333')], OWNER);
    await owner.done;
    expect(heard(owner.media).slice(-3)).toEqual(['pin-mismatch', 'too-many-attempts', 'goodbye']);
    expect(owner.hangups()).toBe(1);
    expect(world.calls.some((c) => c.startsWith('setPrivatePin'))).toBe(false);
    expect(world.registry.list()).toEqual([]);
  });

  it('tells the owner the service is unavailable when the PIN cannot be saved', async () => {
    world = new ConferenceWorld({ privatePinFails: 'unavailable' });
    const owner = world.call({ app: 'conference', room: '2001' }, newPin('5678'), OWNER);
    await owner.done;
    expect(heard(owner.media).slice(-1)).toEqual(['service-unavailable']);
    expect(world.registry.list()).toEqual([]);
  });

  it('says the room does not exist when the caller\'s number is no extension of the site', async () => {
    world = new ConferenceWorld({ privatePinFails: 'no-extension' });
    const caller = world.call({ app: 'conference', room: '2001' }, newPin('5678'), OWNER);
    await caller.done;
    expect(heard(caller.media).slice(-2)).toEqual(['conference-invalid', 'goodbye']);
    expect(world.calls).toEqual(['room 2001', 'setPrivatePin 2001 5678']);
  });

  it('lets nobody else set up an extension\'s room: another phone hears that the room does not exist', async () => {
    world = new ConferenceWorld();
    const other = world.call({ app: 'conference', room: '2001' }, newPin('5678'), { user: '3001' });
    await other.done;
    expect(heard(other.media)).toEqual(['conference-invalid', 'goodbye']);
    expect(world.calls).toEqual(['room 2001']);
  });

  it('once set up, asks the owner for the PIN, and anyone else with it enters as a participant', async () => {
    const owner = await ownerInRoom();
    expect(heard(owner.media)[0]).toBe('conference-enter-pin');
    const guest = world.join('5678', '2001', { user: '3001', displayName: 'Guest' });
    await until(() => private2001()?.mixer.count === 2);
    expect(private2001()!.participants().map((p) => [p.callerNumber, p.role])).toEqual([['2001', 'admin'], ['3001', 'participant']]);
    guest.media.press('*5');
    await new Promise((r) => setTimeout(r, 80));
    expect(heard(guest.media)).not.toContain('conference-private-admin-menu');
    expect(heard(guest.media)).not.toContain('enter-new-pin');
  });

  it("the owner's '*' menu offers key 5, which changes the room's PIN (typed twice)", async () => {
    const owner = await ownerInRoom();
    owner.media.press('*');
    await until(() => heard(owner.media).includes('conference-private-admin-menu'));
    owner.media.press('5');
    await until(() => heard(owner.media).includes('enter-new-pin'));
    owner.media.press('4321#');
    await until(() => heard(owner.media).includes('reenter-new-pin'));
    owner.media.press('4321#');
    await until(() => heard(owner.media).includes('pin-changed'));
    expect(world.calls).toContain('setPrivatePin 2001 4321');
    const guest = world.join('4321', '2001', { user: '3001' });
    await until(() => private2001()?.mixer.count === 2);
    expect(heard(guest.media)).not.toContain('invalid-pin');
  });

  it('key 5 says so when the two PINs differ and keeps the old PIN until they match', async () => {
    const owner = await ownerInRoom();
    owner.media.press('*5');
    await until(() => heard(owner.media).includes('enter-new-pin'));
    owner.media.press('4321#4322#');
    await until(() => heard(owner.media).includes('pin-mismatch'));
    expect(world.privatePins['2001']).toBe('5678');
    await until(() => count(owner, 'enter-new-pin') === 2);
    owner.media.press('8642#8642#');
    await until(() => heard(owner.media).includes('pin-changed'));
    expect(world.privatePins['2001']).toBe('8642');
  });

  it('key 5 keeps the owner in the room when the central app cannot save the PIN', async () => {
    world = new ConferenceWorld({ privatePins: { '2001': '5678' }, privatePinFails: 'unavailable' });
    const owner = world.join('5678', '2001', OWNER);
    await until(() => private2001()?.mixer.count === 1);
    owner.media.press('*54321#4321#');
    await until(() => heard(owner.media).includes('conference-pin-not-saved'));
    expect(private2001()?.size).toBe(1);
    expect(owner.media.closed).toBe(false);
  });

  it('a public room keeps the public menu, where 5 is not an option', async () => {
    world = new ConferenceWorld();
    const admin = world.join(ADMIN_PIN);
    await until(() => world.registry.get('room-1')?.mixer.count === 1);
    admin.media.press('*5');
    await until(() => heard(admin.media).includes('invalid-option'));
    expect(heard(admin.media)).toContain('conference-admin-menu');
    expect(heard(admin.media)).not.toContain('conference-private-admin-menu');
    expect(heard(admin.media)).not.toContain('enter-new-pin');
  });

  it('never records a private room, even if its options say so', async () => {
    world = new ConferenceWorld({ rooms: { '2001': { ...privateRoom('2001'), options: { ...privateRoom('2001').options, record: true } } }, privatePins: { '2001': '5678' } });
    world.join('5678', '2001', OWNER);
    await until(() => private2001()?.mixer.count === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(world.items).toEqual([]);
    expect(private2001()!.mixer.recordingActive).toBe(false);
  });
});
