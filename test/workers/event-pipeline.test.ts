import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails, events, webhookEndpoints } from '../../schema/index.js';
import { backgroundTick } from '../../workers/jobs/index.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import type { TestClient } from '../helpers/test-client.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * The whole path as a user meets it, through the same background tick `npm start` runs: an
 * endpoint made through the API, a change that writes an event, the CRM down for an hour, then
 * the signed event arriving once; and the notice mail when Ramal turns an endpoint off.
 */
let h: Harness;
let admin: TestClient;
let crm: WebhookReceiver;
let crmDown = true;
let liaId = '';

beforeAll(async () => {
  h = await createHarness({ RAMAL_WEBHOOK_ALLOW_PRIVATE: 'true' });
  admin = await h.admin();
  crm = await startWebhookReceiver({ secrets: [], now: h.deps.now, reply: () => (crmDown ? { status: 503 } : { status: 204 }) });
});
afterAll(async () => {
  await crm.close();
  h.close();
});

const tick = () => backgroundTick(h.deps, 'pipeline-test');
const later = async (ms: number) => {
  h.clock.offsetMs += ms;
  await tick();
};

describe('events reach a CRM through the background runner', () => {
  it('delivers user.created signed, once, after the CRM was down for an hour', async () => {
    const made = await admin.json('POST', '/api/v1/webhooks', { url: `${crm.url}/hooks`, events: ['user.created'], description: 'CRM' });
    expect(made.status, await made.clone().text()).toBe(201);
    const { secret } = (await made.json()) as { secret: string };
    crm.secrets.push(secret);
    const lia = await admin.json('POST', '/api/v1/users', { fullName: 'Lia Prado', email: 'lia@example.test', password: 'lia-password-1' });
    expect(lia.status).toBe(201);
    liaId = ((await lia.json()) as { id: string }).id;

    await tick();
    expect(crm.requests).toHaveLength(1);
    for (const wait of [6_000, 6 * 60_000, 36 * 60_000]) await later(wait);
    expect(crm.requests.length).toBe(4);
    crmDown = false;
    await later(2.5 * 3600_000);
    expect(crm.accepted.size).toBe(1);
    const [delivered] = [...crm.accepted.values()];
    expect(delivered?.verified).toBe(true);
    expect(JSON.parse(delivered!.body)).toMatchObject({ type: 'user.created', data: { email: 'lia@example.test', fullName: 'Lia Prado', source: 'manual' } });
    expect(new Set(crm.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    // Another tick sends nothing more.
    await later(24 * 3600_000);
    expect(crm.requests.length).toBe(5);
  });

  it('turns off an endpoint that answers 410 and mails the administrators, once', async () => {
    // The first test moved the clock a day ahead: the old session has expired.
    admin = await h.admin();
    const gone = await startWebhookReceiver({ secrets: [], now: h.deps.now, reply: () => ({ status: 410 }) });
    try {
      const made = (await (await admin.json('POST', '/api/v1/webhooks', { url: `${gone.url}/old`, events: ['user.updated'] })).json()) as { id: string; secret: string };
      gone.secrets.push(made.secret);
      expect((await admin.json('PATCH', `/api/v1/users/${liaId}`, { fullName: 'Lia P. Prado' })).status).toBe(200);
      await tick();
      const [endpoint] = await h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, made.id));
      expect(endpoint).toMatchObject({ active: false, disabledReason: 'gone' });
      // The notice event is dispatched (and its mail sent) by the following ticks.
      await tick();
      await tick();
      const notices = await h.deps.db.select().from(emails).where(eq(emails.purpose, 'webhook.disabled'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ toAddresses: ['admin@example.test'], status: 'sent', provider: 'outbox' });
      const files = readdirSync(join(h.dir, 'mail-outbox')).filter((f) => f === notices[0]!.outboxFile);
      const mail = await simpleParser(readFileSync(join(h.dir, 'mail-outbox', files[0]!)));
      expect(mail.subject).toContain(`${gone.url}/old`);
      expect(mail.text).toContain('410 Gone');

      // Dispatching the same event again (a runner that died after its batch) queues nothing new.
      const [notice] = await h.deps.db.select().from(events).where(eq(events.type, 'webhook.endpoint_disabled'));
      await h.deps.db.update(events).set({ dispatchedAt: null }).where(eq(events.id, notice!.id));
      await tick();
      expect(await h.deps.db.$count(emails, eq(emails.purpose, 'webhook.disabled'))).toBe(1);
      expect(gone.requests).toHaveLength(1);
    } finally {
      await gone.close();
    }
  });
});
