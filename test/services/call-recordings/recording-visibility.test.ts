import { beforeAll, describe, expect, it } from 'vitest';
import { SiteSchema } from '../../../functions/services/sites/site-schemas.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import { listPage } from '../../../functions/services/table/list-spec.js';
import { recordingListSpec } from '../../../functions/services/call-recordings/recording-list.js';
import { getRecording } from '../../../functions/services/call-recordings/recording-read.js';
import type { Scope } from '../../../functions/services/scope.js';
import type { Action } from '../../../functions/services/auth/permissions.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import { callsWorld, insertRecording } from './recordings-fixture.js';

let h: Harness;
let w: Awaited<ReturnType<typeof callsWorld>>;
let branch: string;
let branchCall: Awaited<ReturnType<typeof insertRecording>>;

useHarness((ready) => ({ h } = ready));
beforeAll(async () => {
  w = await callsWorld(h);
  branch = await createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: 'Branch', timeZone: 'UTC' }), h.deps.now());
  branchCall = await insertRecording(h, { siteId: branch, startedAt: new Date('2026-03-15T09:00:00Z'), participants: [{ number: '3001', internal: true }, { number: '5521977776666', internal: false }] });
});

const scopeOf = (userId: string | null, actions: Action[], extra: Partial<Scope> = {}): Scope => ({
  orgId: h.org.orgId, actor: { id: userId, name: 'Tester', kind: userId ? 'user' : 'token' }, grants: { all: false, matrix: { vrec: actions } }, siteIds: null, userId, ...extra,
});
const protocols = async (scope: Scope) => (await listPage(recordingListSpec(h.deps.db, scope), { q: '', page: 1, pageSize: 100 })).items.map((r) => r.protocol).sort();

describe('who sees which recorded calls', () => {
  it('the organization administrator sees every call of every site, none of another organization', async () => {
    const all = [w.recordings.aliceReceived, w.recordings.bobMade, w.recordings.internal, branchCall].map((r) => r.protocol).sort();
    expect(await protocols(h.scope())).toEqual(all);
  });

  it('a v-rec configurator without group limits sees every call too', async () => {
    expect(await protocols(scopeOf('someone', ['view', 'configure']))).toHaveLength(4);
  });

  it('a site-limited administrator sees only the calls of their sites', async () => {
    const limited = { ...h.scope(), siteIds: [branch] };
    expect(await protocols(limited)).toEqual([branchCall.protocol]);
    await expect(getRecording(h.deps.db, limited, w.recordings.aliceReceived.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await protocols({ ...h.scope(), siteIds: [] })).toEqual([]);
  });

  it('a user sees the calls one of their extensions was on: received, made or internal', async () => {
    expect(await protocols(scopeOf(w.alice.id, ['view']))).toEqual([w.recordings.aliceReceived.protocol, w.recordings.internal.protocol].sort());
    expect(await protocols(scopeOf(w.bob.id, ['view']))).toEqual([w.recordings.bobMade.protocol, w.recordings.internal.protocol].sort());
  });

  it("a user cannot open another user's call (404)", async () => {
    await expect(getRecording(h.deps.db, scopeOf(w.alice.id, ['view']), w.recordings.bobMade.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("a supervisor sees their group members' calls and their own, not others'", async () => {
    expect(await protocols(scopeOf(w.sam.id, ['view']))).toEqual([w.recordings.aliceReceived.protocol, w.recordings.internal.protocol].sort());
    await expect(getRecording(h.deps.db, scopeOf(w.sam.id, ['view']), w.recordings.bobMade.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an API token without a user and without group limits sees nothing of its own', async () => {
    expect(await protocols(scopeOf(null, ['view']))).toEqual([]);
  });

  it("another organization's call is not found even for its id", async () => {
    await expect(getRecording(h.deps.db, h.scope(), w.recordings.foreign.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
