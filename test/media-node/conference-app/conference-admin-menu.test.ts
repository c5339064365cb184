import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PIN, ConferenceWorld, PARTICIPANT_PIN, heard, until, type Call } from './conference-fixture.js';

let world: ConferenceWorld;
afterEach(async () => world?.dispose());

async function roomWithAdmin(participants = 1): Promise<{ admin: Call; others: Call[] }> {
  world = new ConferenceWorld();
  const admin = world.join(ADMIN_PIN);
  await until(() => world.registry.get('room-1')?.mixer.count === 1);
  const others: Call[] = [];
  for (let i = 0; i < participants; i++) {
    others.push(world.join(PARTICIPANT_PIN));
    await until(() => world.registry.get('room-1')?.mixer.count === i + 2);
  }
  // The entry tones end first, so a prompt read back is not mixed with them.
  await new Promise((r) => setTimeout(r, 120));
  return { admin, others };
}

const room = () => world.registry.get('room-1')!;
const participantIds = () => room().participants().filter((p) => p.role === 'participant').map((p) => p.id);

describe('conference app: the administrator menu', () => {
  it("'*' speaks the menu to the administrator only", async () => {
    const { admin, others } = await roomWithAdmin();
    admin.media.press('*');
    await until(() => heard(admin.media).includes('conference-admin-menu'));
    expect(heard(others[0]!.media)).not.toContain('conference-admin-menu');
  });

  it("'*1' mutes every participant (not the administrator), and again unmutes them", async () => {
    const { admin: adminCall } = await roomWithAdmin(2);
    const adminId = room().participants().find((p) => p.role === 'admin')!.id;
    const admin = () => room().mixer.member(adminId)!;
    const pressAdmin = (d: string) => adminCall.media.press(d);
    pressAdmin('*1');
    await until(() => participantIds().every((id) => room().mixer.member(id)?.muted));
    expect(admin().muted).toBe(false);
    pressAdmin('*1');
    await until(() => participantIds().every((id) => room().mixer.member(id)?.muted === false));
  });

  it("'*2' locks entry (a participant is refused) and '*2' unlocks it", async () => {
    const { admin } = await roomWithAdmin();
    admin.media.press('*2');
    await until(() => room().mixer.locked);
    await until(() => heard(admin.media).includes('conference-locked'));
    const late = world.join(PARTICIPANT_PIN);
    await late.done;
    expect(heard(late.media)).toContain('conference-locked');
    admin.media.press('*2');
    await until(() => !room().mixer.locked);
  });

  it("'*3' removes the last who entered, who hears so and is hung up; the left event follows", async () => {
    const { admin, others } = await roomWithAdmin(2);
    const last = others[1]!;
    admin.media.press('*3');
    await last.done;
    expect(heard(last.media).slice(-1)).toEqual(['conference-you-were-removed']);
    expect(last.hangups()).toBe(1);
    expect(room().size).toBe(2);
    expect(others[0]!.media.closed).toBe(false);
    await world.registry.settled();
    expect(world.events.filter((e) => e.type === 'conference.participant_left')).toHaveLength(1);
  });

  it("'*' then 4/6 step the conference volume and 7/9 the administrator's own, until 8 closes the menu", async () => {
    const { admin } = await roomWithAdmin();
    const adminId = room().participants()[0]!.id;
    admin.media.press('*44');
    await until(() => room().mixer.gainDb === -6);
    admin.media.press('6');
    await until(() => room().mixer.gainDb === -3);
    admin.media.press('9');
    await until(() => room().mixer.member(adminId)?.inputGainDb === 3);
    admin.media.press('77');
    await until(() => room().mixer.member(adminId)?.inputGainDb === -3);
    admin.media.press('8');
    await until(() => heard(admin.media).includes('conference-menu-closed'));
    admin.media.press('4');
    await new Promise((r) => setTimeout(r, 50));
    expect(room().mixer.gainDb).toBe(-3);
  });

  it("a participant's '*1' does nothing", async () => {
    const { others } = await roomWithAdmin();
    others[0]!.media.press('*1*2');
    await new Promise((r) => setTimeout(r, 100));
    expect(participantIds().some((id) => room().mixer.member(id)?.muted)).toBe(false);
    expect(room().mixer.locked).toBe(false);
    expect(heard(others[0]!.media)).not.toContain('conference-admin-menu');
  });
});
