import { afterEach, beforeEach } from 'vitest';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Deps } from '../../functions/deps.js';
import { eventInsert } from '../../functions/services/media-nodes/node-events.js';
import { WEBHOOK_DELIVERY_JOB } from '../../functions/services/webhooks/delivery-queue.js';
import { newWebhookSecret } from '../../functions/services/webhooks/endpoint-secret.js';
import { webhookEndpoints } from '../../schema/index.js';
import { dispatchEvents } from '../../workers/jobs/dispatch-events.js';
import { runDueJobs, type JobHandler } from '../../workers/jobs/runner.js';
import { runWebhookDelivery } from '../../workers/jobs/webhook-delivery.js';
import { createHarness, type Harness } from './harness.js';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Per secret given to the receiver, whether the request verified with it. */
  verifiedWith: boolean[];
  verified: boolean;
  status: number;
}

export interface ReceiverReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (to test the sender's timeout). */
  hang?: boolean;
}

export interface ReceiverOptions {
  /** The endpoint's secrets; a request verifies when any of them does. */
  secrets: string[];
  /** The reply to the n-th request (0-based); 204 by default. */
  reply?: (n: number, request: ReceivedRequest) => ReceiverReply;
  /** The sender's clock, for the 5-minute timestamp check when a test moves time. */
  now?: () => Date;
  /** Alters one byte of the body before verifying, as a proxy tampering with it would. */
  tamper?: boolean;
}

export interface WebhookReceiver {
  url: string;
  /** The secrets it verifies with; a test may add the endpoint's once it is made. */
  secrets: string[];
  requests: ReceivedRequest[];
  /** Ids answered 2xx after verifying, each once: what a de-duplicating receiver processed. */
  accepted: Map<string, ReceivedRequest>;
  close: () => Promise<void>;
}

function verifies(secret: string, body: string, headers: IncomingHttpHeaders, now?: () => Date): boolean {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') flat[k] = v;
  // Webhook.verify reads Date.now() for its 5-minute window; the app's clock may be moved ahead.
  const realNow = Date.now;
  const at = now?.().getTime();
  if (at !== undefined) Date.now = () => at;
  try {
    new Webhook(secret).verify(body, flat);
    return true;
  } catch {
    return false;
  } finally {
    Date.now = realNow;
  }
}

/** A CRM on 127.0.0.1 that checks every request with the standardwebhooks package. */
export async function startWebhookReceiver(options: ReceiverOptions): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const accepted = new Map<string, ReceivedRequest>();
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (options.tamper && raw.length > 0) raw[raw.length - 2] = (raw[raw.length - 2]! + 1) % 256;
      const body = raw.toString('utf8');
      const verifiedWith = options.secrets.map((s) => verifies(s, body, req.headers, options.now));
      const received: ReceivedRequest = { path: req.url ?? '/', headers: req.headers, body, verifiedWith, verified: verifiedWith.some(Boolean), status: 0 };
      const reply = options.reply?.(requests.length, received) ?? { status: 204 };
      requests.push(received);
      if (reply.hang) return void hanging.push(res);
      received.status = received.verified ? reply.status : 400;
      const id = req.headers['webhook-id'];
      if (received.status >= 200 && received.status < 300 && typeof id === 'string' && !accepted.has(id)) accepted.set(id, received);
      res.writeHead(received.status, reply.headers ?? {});
      res.end(received.verified ? reply.body ?? '' : 'bad signature');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    secrets: options.secrets,
    requests,
    accepted,
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Fixtures for the delivery tests: endpoints and events written as the app would, and a runner
// that works until nothing is due.

export interface EndpointFixture {
  url: string;
  secret?: string;
  orgId?: string;
  eventTypes?: string[];
  siteIds?: string[];
  active?: boolean;
  previousSecret?: string | null;
  previousSecretUntil?: Date | null;
  failingSince?: Date | null;
}

export async function addEndpoint(h: Harness, input: EndpointFixture): Promise<{ id: string; secret: string }> {
  const id = randomUUID();
  const secret = input.secret ?? newWebhookSecret();
  const now = h.deps.now();
  await h.deps.db.insert(webhookEndpoints).values({
    id, orgId: input.orgId ?? h.org.orgId, url: input.url, eventTypes: input.eventTypes ?? [], siteIds: input.siteIds ?? [], active: input.active ?? true, secret,
    previousSecret: input.previousSecret ?? null, previousSecretUntil: input.previousSecretUntil ?? null, failingSince: input.failingSince ?? null, createdAt: now, updatedAt: now,
  });
  return { id, secret };
}

export async function addEvent(h: Harness, input: { type?: string; siteId?: string | null; orgId?: string; payload?: Record<string, unknown> } = {}): Promise<string> {
  const id = randomUUID();
  const now = h.deps.now();
  await h.deps.db.batch([
    eventInsert(h.deps.db, input.orgId ?? h.org.orgId, input.siteId === undefined ? h.org.siteId : input.siteId, { id, type: input.type ?? 'voicemail.received', occurredAt: now, payload: input.payload ?? { mailbox: '200' } }, now),
  ]);
  return id;
}

/** Dispatches and runs due jobs until neither finds work; returns how many jobs ran. */
export async function runUntilIdle(deps: Deps, owner: string, handler: JobHandler = runWebhookDelivery, options: { limit?: number } = {}): Promise<number> {
  let ran = 0;
  for (;;) {
    const dispatched = await dispatchEvents(deps, { owner, limit: options.limit });
    const jobsRun = await runDueJobs(deps, { [WEBHOOK_DELIVERY_JOB]: handler }, { owner });
    ran += jobsRun;
    if (dispatched === 0 && jobsRun === 0) return ran;
  }
}

/**
 * A fresh harness for every test (private targets allowed: the receivers listen on 127.0.0.1).
 * Returns the list where a test puts the receivers it opens; they are closed after it.
 */
export function useWebhookHarness(assign: (h: Harness) => void): WebhookReceiver[] {
  const receivers: WebhookReceiver[] = [];
  let harness: Harness | undefined;
  beforeEach(async () => {
    const fresh = await createHarness({ RAMAL_WEBHOOK_ALLOW_PRIVATE: 'true' });
    harness = fresh;
    assign(fresh);
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    harness?.close();
  });
  return receivers;
}
