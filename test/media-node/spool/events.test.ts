import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { events } from '../../../schema/index.js';
import { EVENT_TYPES } from '../../../functions/services/events/event-catalogue.js';
import { createCentralClient } from '../../../media-node/central/client.js';
import { silentLogger } from '../../../media-node/log.js';
import { startEventSender, type EventSender } from '../../../media-node/spool/event-sender.js';
import { Spool } from '../../../media-node/spool/spool.js';
import { capturingLogger, startCentral, until, type Central } from './central-fixture.js';

let central: Central;
let dir: string;
let sender: EventSender | null = null;

beforeAll(async () => {
  central = await startCentral();
});
afterAll(async () => {
  await central.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-spool-events-'));
});
afterEach(async () => {
  await sender?.stop();
  sender = null;
  await rm(dir, { recursive: true, force: true });
});

/**
 * A proxy in front of the central app that lets the first POST /events reach it, then drops the
 * connection instead of passing the answer back: the node cannot know the events were stored.
 */
async function losingProxy(target: string): Promise<{ url: string; posts: number; close: () => Promise<void> }> {
  const state = { posts: 0 };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const upstream = await fetch(target + req.url, { method: req.method, headers: req.headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : null });
    const body = Buffer.from(await upstream.arrayBuffer());
    if (req.url?.endsWith('/events') && state.posts++ === 0) {
      req.socket.destroy();
      return;
    }
    res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get posts() { return state.posts; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const rowsOf = (ids: string[]) => central.h.deps.db.select().from(events).where(inArray(events.id, ids));

describe('events reach the central app at least once, de-duplicated by id', () => {
  it('sends spooled events and deletes their files after acceptance', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await spool.putEvent({ type: 'call.ended', payload: { n: i } })).id);
    sender = startEventSender({ spool, client: central.client(), log: silentLogger, retryBaseMs: 20 });
    await until(async () => (await readdir(join(dir, 'events'))).length === 0, 10_000, 'events sent');
    const rows = await rowsOf(ids);
    expect(rows.map((r) => r.payload.n).sort()).toEqual([0, 1, 2]);
    expect(rows.every((r) => r.siteId === central.h.org.siteId && r.type === 'call.ended')).toBe(true);
  });

  it('a lost answer makes the node send again; the central app keeps one row per id', async () => {
    const proxy = await losingProxy(central.url);
    try {
      const spool = await Spool.open(dir, silentLogger);
      const { id } = await spool.putEvent({ type: 'voicemail.deposited', payload: { mailbox: '2001' } });
      const client = createCentralClient({ baseUrl: proxy.url, token: central.token, log: silentLogger, retries: 0 });
      sender = startEventSender({ spool, client, log: silentLogger, retryBaseMs: 20 });
      await until(async () => (await readdir(join(dir, 'events'))).length === 0, 10_000, 'event sent');
      expect(proxy.posts).toBe(2);
      expect((await central.h.deps.db.select().from(events).where(eq(events.id, id))).length).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('more than one batch: 250 events go in batches of at most 100', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const ids: string[] = [];
    for (let i = 0; i < 250; i++) ids.push((await spool.putEvent({ type: 'call.ended', payload: { n: i } })).id);
    const sizes: number[] = [];
    const client = central.client();
    const counting = { ...client, postEvents: (batch: unknown[]) => { sizes.push(batch.length); return client.postEvents(batch); } };
    sender = startEventSender({ spool, client: counting, log: silentLogger });
    await until(async () => (await readdir(join(dir, 'events'))).length === 0, 20_000, 'events sent');
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect((await rowsOf(ids)).length).toBe(250);
  });

  it('an event the central app refuses (payload too large) is set aside in rejected/events; the others go through', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const good = await spool.putEvent({ type: 'call.ended', payload: { ok: true } });
    const bad = await spool.putEvent({ type: 'call.ended', payload: { blob: 'x'.repeat(30_000) } });
    const log = capturingLogger();
    sender = startEventSender({ spool, client: central.client(), log, retryBaseMs: 20 });
    await until(async () => (await readdir(join(dir, 'events'))).length === 0, 10_000, 'events handled');
    expect(await readdir(join(dir, 'rejected', 'events'))).toEqual([`${bad.id}.json`]);
    expect((await rowsOf([good.id, bad.id])).map((r) => r.id)).toEqual([good.id]);
    expect(log.entries.some((e) => e.level === 'error' && e.fields.eventId === bad.id)).toBe(true);
  });

  it('an unreadable event file is set aside and logged, not blocking the rest', async () => {
    const log = capturingLogger();
    const spool = await Spool.open(dir, log);
    await writeFile(join(dir, 'events', 'broken.json'), '{"id":');
    const { id } = await spool.putEvent({ type: 'call.ended', payload: {} });
    sender = startEventSender({ spool, client: central.client(), log, retryBaseMs: 20 });
    await until(async () => (await rowsOf([id])).length === 1, 10_000, 'good event sent');
    expect(log.entries.some((e) => e.level === 'error' && e.fields.file === 'broken.json')).toBe(true);
    expect(await readdir(join(dir, 'rejected', 'events'))).toEqual(['broken.json']);
  });

  it('refuses an event type the central app would refuse, at putEvent', async () => {
    const spool = await Spool.open(dir, silentLogger);
    await expect(spool.putEvent({ type: 'CallEnded', payload: {} })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('takes every domain event type the catalogue defines, underscores included (conference.participant_joined)', async () => {
    const spool = await Spool.open(dir, silentLogger);
    // `ping` is the webhooks' test message, never a domain event.
    for (const type of EVENT_TYPES.filter((t) => t !== 'ping')) await expect(spool.putEvent({ type, payload: {} }), type).resolves.toMatchObject({ id: expect.any(String) });
  });
});
