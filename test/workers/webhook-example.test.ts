import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newWebhookSecret } from '../../functions/services/webhooks/endpoint-secret.js';
import { webhookDeliveries } from '../../schema/index.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { addEndpoint, addEvent, runUntilIdle } from '../helpers/webhook-receiver.js';

const EXAMPLE = resolve(import.meta.dirname, '../../examples/webhook-receiver.mjs');

let h: Harness;
let child: ChildProcess | null = null;
let output = '';

beforeEach(async () => {
  h = await createHarness({ RAMAL_WEBHOOK_ALLOW_PRIVATE: 'true' });
});
afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill();
    await once(child, 'exit');
  }
  child = null;
  h.close();
});

/** Starts the example on a free port and returns its URL once it says it listens. */
async function startExample(secret: string): Promise<string> {
  output = '';
  const proc = spawn(process.execPath, [EXAMPLE], { env: { ...process.env, WEBHOOK_SECRET: secret, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  for (let i = 0; i < 100; i++) {
    const port = /listening on http:\/\/localhost:(\d+)\//.exec(output)?.[1];
    if (port) return `http://127.0.0.1:${port}/`;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the example did not start: ${output}`);
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('examples/webhook-receiver.mjs', () => {
  it('verifies a delivery, prints the event and answers 2xx', async () => {
    const secret = newWebhookSecret();
    const url = await startExample(secret);
    await addEndpoint(h, { url, secret });
    const eventId = await addEvent(h, { payload: { mailbox: '200', caller: '+5511999990000' } });
    await runUntilIdle(h.deps, 'r1');
    const [delivery] = await h.deps.db.select().from(webhookDeliveries);
    expect(delivery).toMatchObject({ status: 'succeeded', lastStatusCode: 204 });
    await until(() => output.includes(eventId));
    const line = output.split('\n').find((l) => l.includes(eventId))!;
    expect(JSON.parse(line)).toMatchObject({ id: eventId, type: 'voicemail.received', data: { mailbox: '200', caller: '+5511999990000' } });
  });

  it('answers 400 to a delivery signed with another secret and prints nothing of it', async () => {
    const url = await startExample(newWebhookSecret());
    await addEndpoint(h, { url });
    const eventId = await addEvent(h);
    await runUntilIdle(h.deps, 'r1');
    const [delivery] = await h.deps.db.select().from(webhookDeliveries);
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: 400 });
    await until(() => output.includes('rejected'));
    expect(output).toMatch(/rejected: No matching signature found/);
    expect(output).not.toContain(eventId);
  });
});
