import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioItems, extensions, recordingSettings } from '../../../schema/index.js';
import { sipp } from '../sip/helpers/sipp.js';
import { until } from '../spool/central-fixture.js';
import { recordingLog } from '../recorder/recorder-fixture.js';
import { sendSides, siprecPorts } from '../recorder/siprec-sender.js';
import { sippSpeech, startNodeUnderTest, storedAudio, type NodeUnderTest } from './node-fixture.js';

const LEG = '../media-node/e2e/scenarios/recorder-leg.xml';
const SIPREC = '../media-node/e2e/scenarios/siprec-two-streams.xml';

/**
 * The rules of manual 5.4 through the whole chain: set in the central app's database, carried to
 * the node in its configuration, applied there when a sipp recording leg (4 s of speech) ends.
 */
describe('the recorder rules on real calls', () => {
  let t: NodeUnderTest;
  let uploaded = 0;
  let discarded = 0;
  let users: { ana: string; bia: string };
  const log = recordingLog();

  async function setRules(rules: { minDurationSeconds?: number; excludedUserIds?: string[]; discardIfAnyExcluded?: boolean }) {
    const row = { minDurationSeconds: 0, excludedUserIds: [] as string[], discardIfAnyExcluded: false, updatedAt: new Date(), ...rules };
    await t.central.h.deps.db.insert(recordingSettings).values({ orgId: t.central.h.org.orgId, ...row }).onConflictDoUpdate({ target: recordingSettings.orgId, set: row });
    await t.node.config.refresh();
    expect(t.node.config.config.recorder.minDurationMs).toBe(row.minDurationSeconds * 1000);
  }

  /** One leg from `caller` to `callee`; resolves once the node has finished with the call. */
  async function call(caller: string, callee: string) {
    const run = await sipp({ scenario: LEG, transport: 'udp', remotePort: t.node.sipPort, args: ['-s', 'rec', '-key', 'caller', caller, '-key', 'callee', callee] });
    const result = await run.done;
    expect(result.code, `${result.output}\n${result.errors}`).toBe(0);
    await until(async () => t.node.calls.count === 0, 10_000, 'the recorder to finish the call');
  }

  async function expectDiscarded(reason: 'too-short' | 'excluded') {
    const discards = log.lines.filter((l) => l.msg === 'recording discarded by the rules');
    expect(discards.at(-1)?.fields.reason).toBe(reason);
    expect(discards).toHaveLength(++discarded);
    expect(await readdir(join(t.spoolDir, 'incoming'))).toEqual([]);
    expect(await readdir(join(t.spoolDir, 'audio'))).toEqual([]);
    // Give a (wrongly) kept item the time the uploader needs, then check nothing arrived.
    await new Promise((r) => setTimeout(r, 500));
    expect(await t.central.h.deps.db.$count(audioItems)).toBe(uploaded);
  }

  async function expectKept() {
    uploaded++;
    const rows = await storedAudio(t.central, uploaded);
    expect(rows).toHaveLength(uploaded);
  }

  beforeAll(async () => {
    t = await startNodeUnderTest({ log });
    const { h } = t.central;
    const ana = await h.addUser({ email: 'ana@example.test' });
    const bia = await h.addUser({ email: 'bia@example.test' });
    await h.deps.db.insert(extensions).values([
      { id: randomUUID(), orgId: h.org.orgId, siteId: h.org.siteId, number: '2001', name: 'Ana', userId: ana, createdAt: new Date(), updatedAt: new Date() },
      { id: randomUUID(), orgId: h.org.orgId, siteId: h.org.siteId, number: '2002', name: 'Bia', userId: bia, createdAt: new Date(), updatedAt: new Date() },
    ]);
    users = { ana, bia };
  }, 30_000);
  afterAll(() => t?.close());

  it('a call shorter than the minimum leaves no item and an empty spool', async () => {
    await setRules({ minDurationSeconds: 10 });
    await call('2001', '+551130001000');
    await expectDiscarded('too-short');
  }, 30_000);

  it('a call long enough is kept and arrives at the central app', async () => {
    await setRules({ minDurationSeconds: 2 });
    await call('2001', '+551130001000');
    await expectKept();
  }, 30_000);

  it('without "any excluded": a call whose only extension is excluded is discarded', async () => {
    await setRules({ excludedUserIds: [users.ana] });
    expect(t.node.config.config.recorder.excludedExtensions).toEqual(['2001']);
    await call('2001', '+551130001000');
    await expectDiscarded('excluded');
  }, 30_000);

  it('without "any excluded": a call with a non-excluded extension on it is kept', async () => {
    await setRules({ excludedUserIds: [users.ana] });
    await call('2001', '2002');
    await expectKept();
  }, 30_000);

  it('with "any excluded": the same call is discarded', async () => {
    await setRules({ excludedUserIds: [users.ana], discardIfAnyExcluded: true });
    await call('2002', '2001');
    await expectDiscarded('excluded');
  }, 30_000);

  it('an outside call with no extension on it is kept even with "any excluded"', async () => {
    await setRules({ excludedUserIds: [users.ana], discardIfAnyExcluded: true });
    await call('+551130001000', '+551130002000');
    await expectKept();
  }, 30_000);

  it('a SIPREC session whose only extension (from its metadata) is excluded is discarded', async () => {
    await setRules({ excludedUserIds: [users.ana] });
    const run = await sipp({ scenario: SIPREC, transport: 'udp', remotePort: t.node.sipPort });
    const speech = sippSpeech().subarray(0, 8000 * 8);
    await sendSides(await siprecPorts(run.dir), [speech, speech.slice().reverse()], 8400);
    const result = await run.done;
    expect(result.code, `${result.output}\n${result.errors}`).toBe(0);
    await until(async () => t.node.calls.count === 0, 10_000, 'the recorder to finish the session');
    await expectDiscarded('excluded');
  }, 30_000);
});
