import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioItems, extensions, mailboxes, sites, voicemailMessages } from '../../../schema/index.js';
import { backgroundTick } from '../../../workers/jobs/index.js';
import { requireMailbox } from '../../../functions/services/voicemail/mailbox-service.js';
import { setPin } from '../../../functions/services/voicemail/mailbox-pin.js';
import { sipp, type SippRun } from '../sip/helpers/sipp.js';
import { until } from '../spool/central-fixture.js';
import { piecewiseCorrelation, sippSpeech, startNodeUnderTest, storedPcm, type NodeUnderTest } from './node-fixture.js';

const SCENARIOS = '../media-node/e2e/scenarios';
const MAILBOX = '2001';
const PIN = '2468';

let t: NodeUnderTest;
const db = () => t.central.h.deps.db;

async function call(scenario: string, keys: Record<string, string>, service = 'vm'): Promise<SippRun> {
  const args = ['-s', service, ...Object.entries({ caller: '3001', ...keys }).flatMap(([k, v]) => ['-key', k, v])];
  const run = await sipp({ scenario: `${SCENARIOS}/${scenario}`, transport: 'udp', remotePort: t.node.sipPort, args });
  return run.done;
}

/** Dispatches the outbox (audio.stored → message) until `count` messages exist in the mailbox. */
async function messagesOf(mailbox: string, count: number) {
  let rows: (typeof voicemailMessages.$inferSelect)[] = [];
  await until(async () => {
    await backgroundTick(t.central.h.deps, 'voicemail-e2e');
    rows = await db().select().from(voicemailMessages).where(eq(voicemailMessages.extension, mailbox));
    return rows.length >= count;
  }, 30_000, `${count} message(s) in ${mailbox}`);
  return rows;
}

beforeAll(async () => {
  t = await startNodeUnderTest({ mwiPollMs: 300 });
  const { orgId, siteId } = t.central.h.org;
  for (const number of [MAILBOX, '2002', '2003', '2004', '2005']) {
    await db().insert(extensions).values({ id: randomUUID(), orgId, siteId, number, name: `Extension ${number}`, createdAt: new Date(), updatedAt: new Date() });
  }
  await setPin(t.central.h.deps, await requireMailbox(db(), orgId, siteId, MAILBOX), PIN);
  await t.node.config.refresh();
}, 60_000);
afterAll(() => t?.close());

describe.each([
  ['user-busy', 'busy', '2002'],
  ['no-answer', 'no-answer', '2003'],
  ['unavailable', 'unavailable', '2004'],
  ['unconditional', 'unconditional', '2005'],
] as const)('a caller forwarded with reason=%s', (header, reason, mailbox) => {
  let run: SippRun;
  beforeAll(async () => {
    run = await call('voicemail-deposit.xml', { mailbox, reason: header });
  }, 60_000);

  it('is answered, hears the beep and is hung up on after #', () => {
    expect(run.code, `${run.output}\n${run.errors}`).toBe(0);
  });

  it(`leaves one message in ${mailbox} with divert reason ${reason} holding the speech sipp sent`, async () => {
    const [message] = await messagesOf(mailbox, 1);
    expect(message!.divertReason).toBe(reason);
    expect(message!.callerNumber).toBe('3001');
    const [item] = await db().select().from(audioItems).where(eq(audioItems.id, message!.audioId));
    const match = piecewiseCorrelation(await storedPcm(t.central, item!.files.wav.key), sippSpeech());
    expect(match.median).toBeGreaterThan(0.9);
  }, 40_000);
});

describe('retrieval by phone', () => {
  it('refuses three wrong PINs and hangs up', async () => {
    const run = await call('voicemail-retrieve-bad-pin.xml', { caller: MAILBOX }, '1001');
    expect(run.code, `${run.output}\n${run.errors}`).toBe(0);
    // Two of the three had a PIN's shape and were checked centrally; the third (one digit) was not.
    const [mailbox] = await db().select().from(mailboxes).where(eq(mailboxes.extension, MAILBOX));
    expect(mailbox!.pinFailures).toBe(2);
  }, 60_000);

  it('with the PIN, plays the new message and deletes it centrally with 3', async () => {
    // Left for 2001 by a caller who hangs up mid-message; what was said is kept.
    const left = await call('voicemail-deposit-hangup.xml', { mailbox: MAILBOX, reason: 'no-answer' });
    expect(left.code, `${left.output}\n${left.errors}`).toBe(0);
    const [message] = await messagesOf(MAILBOX, 1);
    expect(message!.durationMs).toBeGreaterThan(2500);
    expect(message!.durationMs).toBeLessThan(5000);

    const run = await call('voicemail-retrieve-delete.xml', { caller: MAILBOX }, '1001');
    expect(run.code, `${run.output}\n${run.errors}`).toBe(0);
    await until(async () => (await db().select().from(voicemailMessages).where(eq(voicemailMessages.id, message!.id))).length === 0, 10_000, 'message deleted');
  }, 90_000);
});

describe('a full mailbox', () => {
  it('says so, hangs up and records nothing', async () => {
    const { siteId } = t.central.h.org;
    await db().update(sites).set({ voicemailMaxMessages: 1 }).where(eq(sites.id, siteId));
    const before = (await db().select().from(audioItems)).length;
    const run = await call('voicemail-deposit-refused.xml', { mailbox: '2002', reason: 'user-busy' });
    expect(run.code, `${run.output}\n${run.errors}`).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await db().select().from(audioItems)).toHaveLength(before);
    expect(await db().select().from(voicemailMessages).where(and(eq(voicemailMessages.extension, '2002')))).toHaveLength(1);
    await db().update(sites).set({ voicemailMaxMessages: 100 }).where(eq(sites.id, siteId));
  }, 60_000);
});

describe('the message-waiting lamp', () => {
  it('NOTIFYs a subscriber with the counts at once, and again after a message is left', async () => {
    const existing = (await db().select().from(voicemailMessages).where(eq(voicemailMessages.extension, '2003'))).length;
    // sipp does not expand keywords inside regular expressions: the expected counts are written in.
    const dir = await mkdtemp(join(tmpdir(), 'ramal-mwi-'));
    const scenario = join(dir, 'subscribe.xml');
    const template = await readFile(join(import.meta.dirname, 'scenarios', 'voicemail-mwi-subscribe.xml'), 'utf8');
    await writeFile(scenario, template.replace('[first]', `${existing}/0`).replace('[second]', `${existing + 1}/0`));
    const subscriber = await sipp({ scenario, transport: 'udp', remotePort: t.node.sipPort, args: ['-key', 'mailbox', '2003'] });
    await until(() => t.node.calls.count === 0, 5000, 'idle node');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const left = await call('voicemail-deposit.xml', { mailbox: '2003', reason: 'no-answer' });
    expect(left.code, `${left.output}\n${left.errors}`).toBe(0);
    await messagesOf('2003', existing + 1);
    const run = await subscriber.done;
    await rm(dir, { recursive: true, force: true });
    expect(run.code, `${run.output}\n${run.errors}`).toBe(0);
  }, 90_000);
});
