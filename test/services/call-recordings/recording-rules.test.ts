import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { audioItems, events } from '../../../schema/index.js';
import { discardReason } from '../../../functions/services/call-recordings/recording-rules.js';
import { storedEventId } from '../../../functions/services/media-nodes/node-audio.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { nodeClient, type UploadedAudio } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';
import { depositCall, dispatchAll, plainLeg, recordingOf, setRules, userWithExtension } from './call-recording-fixture.js';

let h: Harness;
let node: TestClient;
let excluded: string;
let completedBefore = 0;

beforeAll(async () => {
  h = await createHarness();
  node = await nodeClient(h);
  excluded = await userWithExtension(h, '2101', 'Excluded Person');
  await userWithExtension(h, '2102', 'Kept Person');
});
afterAll(() => h.close());
beforeEach(() => setRules(h, {}));

/** What a discarded call must leave: no recording, no audio item, no stored files, no recording.completed. */
async function expectNothingLeft(audio: UploadedAudio): Promise<void> {
  expect(await recordingOf(h, audio.id)).toBeUndefined();
  expect(await h.deps.db.$count(audioItems, eq(audioItems.id, audio.id))).toBe(0);
  for (const file of Object.values(audio.files)) expect(await h.deps.blobs!.head(file.key)).toBeNull();
  expect(await h.deps.db.$count(events, and(eq(events.type, 'recording.completed'), eq(events.orgId, h.org.orgId)))).toBe(completedBefore);
}
beforeEach(async () => {
  completedBefore = await h.deps.db.$count(events, and(eq(events.type, 'recording.completed'), eq(events.orgId, h.org.orgId)));
});

async function call(from: string, to: string, durationMs = 30_000) {
  const audio = await depositCall(node, plainLeg(from, to), { durationMs });
  await dispatchAll(h);
  return audio;
}

describe('minimum duration', () => {
  it('discards a call shorter than the minimum: the audio item and its files go', async () => {
    await setRules(h, { minDurationSeconds: 10 });
    await expectNothingLeft(await call('2102', '5511988887777', 9_999));
  });

  it('keeps a call of exactly the minimum', async () => {
    await setRules(h, { minDurationSeconds: 10 });
    const audio = await call('2102', '5511988887777', 10_000);
    expect(await recordingOf(h, audio.id)).toBeDefined();
    for (const file of Object.values(audio.files)) expect(await h.deps.blobs!.head(file.key)).not.toBeNull();
  });

  it('a re-dispatch of a discarded call writes nothing, even after the rule is lifted', async () => {
    await setRules(h, { minDurationSeconds: 60 });
    const audio = await call('2102', '5511988887777', 5_000);
    await setRules(h, { minDurationSeconds: 0 });
    await h.deps.db.update(events).set({ dispatchedAt: null }).where(eq(events.id, await storedEventId(audio.id)));
    await dispatchAll(h);
    await expectNothingLeft(audio);
  });
});

describe('excluded users, only when all are excluded (default)', () => {
  beforeEach(() => setRules(h, { excludedUserIds: [excluded], discardIfAnyExcluded: false }));

  it('discards a call whose only extension is excluded', async () => {
    await expectNothingLeft(await call('2101', '5511988887777'));
  });

  it('keeps a call between an excluded and a kept extension', async () => {
    expect(await recordingOf(h, (await call('2101', '2102')).id)).toMatchObject({ type: 'internal' });
  });

  it('keeps a call with no extension on it', async () => {
    expect(await recordingOf(h, (await call('5511911112222', '5511933334444')).id)).toMatchObject({ type: 'received', access: '' });
  });
});

describe('excluded users, when any is excluded', () => {
  beforeEach(() => setRules(h, { excludedUserIds: [excluded], discardIfAnyExcluded: true }));

  it('discards a call between an excluded and a kept extension', async () => {
    await expectNothingLeft(await call('5511911112222', '2101'));
    await expectNothingLeft(await call('2102', '2101'));
  });

  it('keeps a call with no excluded user', async () => {
    expect(await recordingOf(h, (await call('2102', '5511988887777')).id)).toBeDefined();
  });

  it('keeps a call with no extension on it', async () => {
    expect(await recordingOf(h, (await call('5511911112222', '5511933334444')).id)).toBeDefined();
  });
});

describe('discardReason', () => {
  const rules = { minDurationSeconds: 0, excludedUserIds: ['u1'], discardIfAnyExcluded: false };
  it('does not count an extension without a linked user as excluded', () => {
    expect(discardReason(rules, 1000, [{ internal: true, userId: 'u1' }, { internal: true, userId: null }])).toBeNull();
    expect(discardReason(rules, 1000, [{ internal: true, userId: 'u1' }, { internal: false, userId: null }])).toBe('excluded-user');
  });
  it('names the duration first when both rules apply', () => {
    expect(discardReason({ ...rules, minDurationSeconds: 5 }, 4999, [{ internal: true, userId: 'u1' }])).toBe('too-short');
  });
});
