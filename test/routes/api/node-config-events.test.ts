import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, extensions, sites } from '../../../schema/index.js';
import { NodeConfigSchema } from '../../../functions/services/media-nodes/node-config.js';
import { SiteSchema } from '../../../functions/services/sites/site-schemas.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import { createToken } from '../../../functions/services/tokens/token-service.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { integrationClient, nodeClient } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, refusedFields } from './api-helpers.js';

let h: Harness;
let node: TestClient;

beforeAll(async () => {
  h = await createHarness();
  node = await nodeClient(h);
});
afterAll(() => h.close());

const event = (overrides: Record<string, unknown> = {}) => ({ id: crypto.randomUUID(), type: 'call.ended', occurredAt: new Date().toISOString(), payload: { from: '100' }, ...overrides });

describe('GET /api/v1/node/config', () => {
  it('answers the site, codes, SIP settings and extensions of the token\'s site', async () => {
    const now = h.deps.now();
    await h.deps.db.update(sites).set({ pbxHost: '10.1.2.3', sipAllowedAddresses: ['192.168.0.0/24'], sipInbound: { username: 'u', password: 'p' } }).where(eq(sites.id, h.org.siteId));
    await h.deps.db.insert(extensions).values({ id: crypto.randomUUID(), orgId: h.org.orgId, siteId: h.org.siteId, number: '200', name: 'Reception', createdAt: now, updatedAt: now });
    const res = await node.get('/api/v1/node/config');
    const config = NodeConfigSchema.parse(await jsonOf(res));
    expect(config.site).toEqual({ id: h.org.siteId, name: 'Head office', timeZone: 'America/Sao_Paulo' });
    expect(config.language).toBe('en');
    expect(config.codes).toEqual({ voicemailOwn: '1001', voicemailOther: '1002', conference: '1006', echoTest: '1009', recorder: 'rec' });
    expect(config.sip).toEqual({ allowedAddresses: ['10.1.2.3', '192.168.0.0/24'], inbound: { username: 'u', password: 'p' }, trunk: null });
    expect(config.extensions).toEqual([{ number: '200', name: 'Reception' }]);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('carries the site\'s voicemail limits and message-lamp mode, set through the sites API', async () => {
    const admin = await h.admin();
    await h.deps.db.update(sites).set({ pbxHost: 'pbx.example.test:5070', sipTrunk: null }).where(eq(sites.id, h.org.siteId));
    expect((await jsonOf(await node.get('/api/v1/node/config'))).voicemail).toEqual({ maxMessages: 100, maxSeconds: 180, mwiUnsolicited: false, mwiTarget: 'pbx.example.test:5070' });
    const changed = await jsonOf(await admin.json('PATCH', `/api/v1/sites/${h.org.siteId}`, { mwiUnsolicited: true }));
    expect(changed.mwiUnsolicited).toBe(true);
    await h.deps.db.update(sites).set({ voicemailMaxMessages: 20, voicemailMaxSeconds: 60 }).where(eq(sites.id, h.org.siteId));
    expect((await jsonOf(await node.get('/api/v1/node/config'))).voicemail).toEqual({ maxMessages: 20, maxSeconds: 60, mwiUnsolicited: true, mwiTarget: 'pbx.example.test:5070' });
    // With a trunk, lamps go where the node registers.
    await h.deps.db.update(sites).set({ sipTrunk: { register: true, registrar: 'sip:10.0.0.1:5062', username: 'u', password: 'p', expiresSeconds: 600 } }).where(eq(sites.id, h.org.siteId));
    expect((await jsonOf(await node.get('/api/v1/node/config'))).voicemail.mwiTarget).toBe('10.0.0.1:5062');
    // A node's cached config from before this setting still loads, with the defaults.
    const { voicemail: _, ...older } = NodeConfigSchema.parse(await jsonOf(await node.get('/api/v1/node/config')));
    expect(NodeConfigSchema.parse(older).voicemail).toEqual({ maxMessages: 100, maxSeconds: 180, mwiUnsolicited: false, mwiTarget: null });
    await h.deps.db.update(sites).set({ voicemailMaxMessages: 100, voicemailMaxSeconds: 180, mwiUnsolicited: false, pbxHost: '', sipTrunk: null }).where(eq(sites.id, h.org.siteId));
  });

  it('adds the PBX address to the allowed list only when it is an IP (a port is dropped); a host name is left to the list', async () => {
    const allowed = async (pbxHost: string) => {
      await h.deps.db.update(sites).set({ pbxHost, sipAllowedAddresses: ['10.9.0.0/16'] }).where(eq(sites.id, h.org.siteId));
      return (await jsonOf(await node.get('/api/v1/node/config'))).sip.allowedAddresses;
    };
    expect(await allowed('10.1.2.3:5060')).toEqual(['10.1.2.3', '10.9.0.0/16']);
    expect(await allowed('[2001:db8::5]:5060')).toEqual(['2001:db8::5', '10.9.0.0/16']);
    expect(await allowed('pbx.example.test')).toEqual(['10.9.0.0/16']);
  });

  it('answers 304 to the same ETag, and 200 with a new ETag once the settings change', async () => {
    const first = await node.get('/api/v1/node/config');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await node.request('/api/v1/node/config', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    await h.deps.db.update(sites).set({ recorderCode: '77' }).where(eq(sites.id, h.org.siteId));
    const changed = await node.request('/api/v1/node/config', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await changed.json()).codes.recorder).toBe('77');
  });

  it('shows each node its own site only', async () => {
    const other = await createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: 'Branch', timeZone: 'UTC' }), h.deps.now());
    const branch = await nodeClient(h, { siteId: other });
    expect((await jsonOf(await branch.get('/api/v1/node/config'))).site.id).toBe(other);
    const org2 = await h.addOrganization('Globex', 'admin@globex.test');
    const globex = await nodeClient(h, { orgId: org2.orgId, siteId: org2.siteId });
    expect((await jsonOf(await globex.get('/api/v1/node/config'))).site.id).toBe(org2.siteId);
  });

  it('refuses callers without a node token: 401 without a token, 403 for an integration token or a session', async () => {
    await expectError(await h.client().get('/api/v1/node/config'), 401, 'UNAUTHENTICATED');
    await expectError(await (await integrationClient(h)).get('/api/v1/node/config'), 403, 'FORBIDDEN');
    await expectError(await (await h.admin()).get('/api/v1/node/config'), 401, 'UNAUTHENTICATED');
  });

  it('refuses a revoked node token', async () => {
    const { id, secret } = await createToken(h.deps.db, h.scope(), { name: 'soon revoked', kind: 'node', siteId: h.org.siteId }, h.deps.now());
    const revoked = h.client();
    revoked.bearer = secret;
    expect((await revoked.get('/api/v1/node/config')).status).toBe(200);
    expect((await (await h.admin()).json('POST', '/api/v1/tokens/revoke', { ids: [id] })).status).toBe(204);
    await expectError(await revoked.get('/api/v1/node/config'), 401, 'UNAUTHENTICATED');
  });
});

describe('POST /api/v1/node/events', () => {
  it('stores events in the outbox with the token\'s organization and site', async () => {
    const e = event({ payload: { from: '100', to: '200' } });
    expect(await jsonOf(await node.json('POST', '/api/v1/node/events', { events: [e] }))).toEqual({ accepted: [e.id] });
    const [row] = await h.deps.db.select().from(events).where(eq(events.id, e.id));
    expect(row).toMatchObject({ orgId: h.org.orgId, siteId: h.org.siteId, type: 'call.ended', payload: { from: '100', to: '200' } });
    expect(row!.occurredAt.toISOString()).toBe(e.occurredAt);
  });

  it('de-duplicates by id: a resent event is accepted and written once', async () => {
    const e = event();
    await jsonOf(await node.json('POST', '/api/v1/node/events', { events: [e] }));
    const again = await jsonOf(await node.json('POST', '/api/v1/node/events', { events: [{ ...e, payload: { changed: true } }, e] }));
    expect(again).toEqual({ accepted: [e.id] });
    const rows = await h.deps.db.select().from(events).where(eq(events.id, e.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({ from: '100' });
  });

  it('stores a batch of 100 at once', async () => {
    const batch = Array.from({ length: 100 }, () => event());
    const body = await jsonOf(await node.json('POST', '/api/v1/node/events', { events: batch }));
    expect(body.accepted).toHaveLength(100);
    expect(await h.deps.db.$count(events, eq(events.siteId, h.org.siteId))).toBeGreaterThanOrEqual(100);
  });

  it('refuses bad events with the field named, storing none of them', async () => {
    const good = event();
    const before = await h.deps.db.$count(events);
    expect(await refusedFields(await node.json('POST', '/api/v1/node/events', { events: [good, event({ id: 'not-a-uuid' })] }))).toEqual(['events.1.id']);
    expect(await refusedFields(await node.json('POST', '/api/v1/node/events', { events: [event({ type: 'Call Ended' })] }))).toEqual(['events.0.type']);
    expect(await refusedFields(await node.json('POST', '/api/v1/node/events', { events: [event({ occurredAt: 'yesterday' })] }))).toEqual(['events.0.occurredAt']);
    expect(await refusedFields(await node.json('POST', '/api/v1/node/events', { events: [event({ payload: { big: 'x'.repeat(21 * 1024) } })] }))).toEqual(['events.0.payload']);
    expect(await refusedFields(await node.json('POST', '/api/v1/node/events', { events: [] }))).toEqual(['events']);
    expect(await refusedFields(await node.json('POST', '/api/v1/node/events', { events: Array.from({ length: 101 }, () => event()) }))).toEqual(['events']);
    expect(await h.deps.db.$count(events)).toBe(before);
  });

  it('refuses a catalogue event only the central app may announce, such as a forged user.deleted', async () => {
    const forged = event({ type: 'user.deleted', payload: { userId: 'u1', email: 'a@example.test', fullName: 'A' } });
    expect(await refusedFields(await node.json('POST', '/api/v1/node/events', { events: [forged] }))).toEqual(['events.0.type']);
    expect(await h.deps.db.$count(events, eq(events.id, forged.id))).toBe(0);
  });

  it('needs a node token', async () => {
    await expectError(await (await integrationClient(h)).json('POST', '/api/v1/node/events', { events: [event()] }), 403, 'FORBIDDEN');
  });
});
