import { afterEach, describe, expect, it } from 'vitest';
import type { MwiState } from '../../../media-node/central/voicemail-client.js';
import { silentLogger } from '../../../media-node/log.js';
import { MwiNotifier, type MwiNotifierOptions } from '../../../media-node/mwi/mwi-notifier.js';
import { MwiPoller } from '../../../media-node/mwi/mwi-poller.js';
import { header } from '../../../media-node/sip/message.js';
import type { SipEndpoint } from '../../../media-node/sip/endpoint.js';
import { startEndpoint } from '../sip/helpers/endpoint.js';
import { bodyOf, stateOf, Subscriber } from '../voicemail/sip-subscriber.js';

const opened: { close(): unknown }[] = [];

/** The node drops a subscription once the subscriber answered its final NOTIFY, a moment after the test saw it. */
async function eventually(check: () => boolean, ms = 1000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

/** A node serving message-summary for mailboxes 2001 and 2002, with counts the test sets. */
async function node(options: Partial<MwiNotifierOptions> = {}) {
  let state: MwiState = { mailboxes: [{ extension: '2001', newCount: 2, savedCount: 1 }] };
  let version = 0;
  const poller = new MwiPoller({ fetch: async () => ({ state, etag: `"${++version}"` }), log: silentLogger, intervalMs: 60_000 });
  await poller.poke();
  opened.push({ close: () => poller.stop() });
  const notifier = new MwiNotifier({ poller, host: 'node.test', hasMailbox: (m) => m === '2001' || m === '2002', log: silentLogger, ...options });
  const endpoint: SipEndpoint = await startEndpoint({ subscriptions: notifier.policy, timers: { T1: 50 } });
  opened.push(endpoint);
  const subscriber = async (mailbox = '2001') => {
    const s = await Subscriber.open(endpoint.port, mailbox);
    opened.push(s);
    return s;
  };
  const setCounts = async (mailboxes: MwiState['mailboxes']) => {
    state = { mailboxes };
    await poller.poke();
  };
  return { endpoint, notifier, subscriber, setCounts };
}

describe('SUBSCRIBE to message-summary: refusals', () => {
  it('answers 489 Bad Event, with Allow-Events, to another event package', async () => {
    const { subscriber } = await node();
    const response = await (await subscriber()).subscribe({ event: 'presence', expires: 600 });
    expect(response.status).toBe(489);
    expect(header(response, 'Allow-Events')).toBe('message-summary');
  });

  it('answers 400 to a SUBSCRIBE without a Contact, which would leave the NOTIFYs nowhere to go', async () => {
    const { subscriber } = await node();
    const response = await (await subscriber()).subscribe({ noContact: true, expires: 600 });
    expect(response.status).toBe(400);
  });

  it('answers 423 Interval Too Brief with Min-Expires 60 to an Expires under 60', async () => {
    const { subscriber } = await node();
    const response = await (await subscriber()).subscribe({ expires: 59 });
    expect(response.status).toBe(423);
    expect(header(response, 'Min-Expires')).toBe('60');
  });

  it('answers 404 for a mailbox the site does not have', async () => {
    const { subscriber, notifier } = await node();
    const response = await (await subscriber('2999')).subscribe({ expires: 600 });
    expect(response.status).toBe(404);
    expect(notifier.subscribers('2999')).toBe(0);
  });

  it('answers 405 when the endpoint serves no subscriptions', async () => {
    const endpoint = await startEndpoint();
    opened.push(endpoint);
    const s = await Subscriber.open(endpoint.port);
    opened.push(s);
    const response = await s.subscribe({ expires: 600 });
    expect(response.status).toBe(405);
    expect(header(response, 'Allow')).not.toContain('SUBSCRIBE');
  });

  it('offers SUBSCRIBE in Allow (OPTIONS) only when it serves message-summary', async () => {
    const { endpoint } = await node();
    const asker = await startEndpoint({ timers: { T1: 50 } });
    opened.push(asker);
    const served = await asker.request({ method: 'OPTIONS', target: `sip:2001@127.0.0.1:${endpoint.port}` });
    expect(served.headers.allow?.join(', ')).toContain('SUBSCRIBE');
    const plain = await startEndpoint();
    opened.push(plain);
    const unserved = await asker.request({ method: 'OPTIONS', target: `sip:2001@127.0.0.1:${plain.port}` });
    expect(unserved.headers.allow?.join(', ')).not.toContain('SUBSCRIBE');
  });
});

describe('SUBSCRIBE from our own SIP stack (SipEndpoint.request)', () => {
  async function client(port: number) {
    const phone = await startEndpoint({ timers: { T1: 50 } });
    opened.push(phone);
    const subscribe = (headers: Record<string, string>) =>
      phone.request({ method: 'SUBSCRIBE', target: `sip:2001@127.0.0.1:${port}`, headers: { Contact: `<sip:2001@127.0.0.1:${phone.port}>`, Accept: 'application/simple-message-summary', ...headers } });
    return subscribe;
  }

  it('gets 489 with Allow-Events for another package', async () => {
    const { endpoint } = await node();
    const response = await (await client(endpoint.port))({ Event: 'dialog', Expires: '600' });
    expect(response.status).toBe(489);
    expect(response.headers['allow-events']).toEqual(['message-summary']);
  });

  it('gets 200 with Expires capped at 7200', async () => {
    const { endpoint } = await node();
    const response = await (await client(endpoint.port))({ Event: 'message-summary', Expires: '86400' });
    expect(response.status).toBe(200);
    expect(response.headers.expires).toEqual(['7200']);
  });

  it('is dropped once it answers the NOTIFY with 481 (it knows no such dialog)', async () => {
    const { endpoint, notifier } = await node();
    await (await client(endpoint.port))({ Event: 'message-summary', Expires: '600' });
    expect(await eventually(() => notifier.subscribers('2001') === 0, 2000)).toBe(true);
  });
});

describe('SUBSCRIBE to message-summary: the subscription', () => {
  it('grants the Expires asked for', async () => {
    const { subscriber } = await node();
    const response = await (await subscriber()).subscribe({ expires: 600 });
    expect(response.status).toBe(200);
    expect(header(response, 'Expires')).toBe('600');
  });

  it('caps Expires at 7200', async () => {
    const { subscriber } = await node();
    const response = await (await subscriber()).subscribe({ expires: 100_000 });
    expect(header(response, 'Expires')).toBe('7200');
  });

  it('grants 3600 when no Expires is given', async () => {
    const { subscriber } = await node();
    const response = await (await subscriber()).subscribe();
    expect(header(response, 'Expires')).toBe('3600');
  });

  it('NOTIFYs the current counts at once, as RFC 3842 message-summary', async () => {
    const { subscriber } = await node();
    const s = await subscriber();
    await s.subscribe({ expires: 600 });
    expect(await s.waitNotifies(1)).toBe(true);
    const [first] = s.notifies;
    expect(header(first!, 'Event')).toBe('message-summary');
    expect(header(first!, 'Content-Type')).toBe('application/simple-message-summary');
    expect(stateOf(first)).toMatch(/^active;expires=(600|599)$/);
    expect(bodyOf(first)).toBe('Messages-Waiting: yes\r\nMessage-Account: sip:2001@node.test\r\nVoice-Message: 2/1 (0/0)\r\n');
  });

  it('says Messages-Waiting: no and 0/0 for an empty mailbox', async () => {
    const { subscriber } = await node();
    const s = await subscriber('2002');
    await s.subscribe({ expires: 600 });
    await s.waitNotifies(1);
    expect(bodyOf(s.notifies[0])).toBe('Messages-Waiting: no\r\nMessage-Account: sip:2002@node.test\r\nVoice-Message: 0/0 (0/0)\r\n');
  });

  it('NOTIFYs again with the new counts on each change, and only the mailbox that changed', async () => {
    const { subscriber, setCounts } = await node();
    const mine = await subscriber('2001');
    const other = await subscriber('2002');
    await mine.subscribe({ expires: 600 });
    await other.subscribe({ expires: 600 });
    await mine.waitNotifies(1);
    await other.waitNotifies(1);
    await setCounts([{ extension: '2001', newCount: 3, savedCount: 1 }]);
    expect(await mine.waitNotifies(2)).toBe(true);
    expect(bodyOf(mine.notifies[1])).toContain('Voice-Message: 3/1 (0/0)');
    await setCounts([{ extension: '2001', newCount: 0, savedCount: 4 }]);
    expect(await mine.waitNotifies(3)).toBe(true);
    expect(bodyOf(mine.notifies[2])).toContain('Messages-Waiting: no');
    expect(bodyOf(mine.notifies[2])).toContain('Voice-Message: 0/4 (0/0)');
    expect(other.notifies).toHaveLength(1);
  });

  it('a refresh in the dialog is granted its new Expires and NOTIFYs the state again', async () => {
    const { subscriber } = await node();
    const s = await subscriber();
    await s.subscribe({ expires: 600 });
    await s.waitNotifies(1);
    const refresh = await s.subscribe({ expires: 1800 });
    expect(refresh.status).toBe(200);
    expect(header(refresh, 'Expires')).toBe('1800');
    expect(await s.waitNotifies(2)).toBe(true);
    expect(stateOf(s.notifies[1])).toMatch(/^active;expires=(1800|1799)$/);
  });

  it('a refresh keeps the subscription past its first expiry', async () => {
    const { subscriber, notifier } = await node({ minExpires: 1 });
    const s = await subscriber();
    await s.subscribe({ expires: 1 });
    await s.subscribe({ expires: 600 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(s.notifies.map(stateOf).some((state) => state?.startsWith('terminated'))).toBe(false);
    expect(notifier.subscribers('2001')).toBe(1);
  });

  it('an unsubscribe (Expires: 0) gets 200 and a final NOTIFY with Subscription-State terminated', async () => {
    const { subscriber, notifier } = await node();
    const s = await subscriber();
    await s.subscribe({ expires: 600 });
    await s.waitNotifies(1);
    const response = await s.subscribe({ expires: 0 });
    expect(response.status).toBe(200);
    expect(await s.waitNotifies(2)).toBe(true);
    expect(stateOf(s.notifies[1])).toMatch(/^terminated/);
    expect(bodyOf(s.notifies[1])).toContain('Voice-Message: 2/1 (0/0)');
    expect(await eventually(() => notifier.subscribers('2001') === 0)).toBe(true);
  });

  it('without a refresh, ends at expiry with a NOTIFY terminated;reason=timeout', async () => {
    const { subscriber, notifier } = await node({ minExpires: 1 });
    const s = await subscriber();
    await s.subscribe({ expires: 1 });
    expect(await s.waitNotifies(2, 3000)).toBe(true);
    expect(stateOf(s.notifies[1])).toBe('terminated;reason=timeout');
    expect(await eventually(() => notifier.subscribers('2001') === 0)).toBe(true);
  });

  it('NOTIFYs nothing more after the subscription ended', async () => {
    const { subscriber, setCounts } = await node();
    const s = await subscriber();
    await s.subscribe({ expires: 600 });
    await s.waitNotifies(1);
    await s.subscribe({ expires: 0 });
    await s.waitNotifies(2);
    await setCounts([{ extension: '2001', newCount: 5, savedCount: 1 }]);
    expect(await s.waitNotifies(3, 500)).toBe(false);
  });

  it('an unsubscribe arriving while the first NOTIFY is unanswered still gets its terminated NOTIFY', async () => {
    const { subscriber } = await node();
    const s = await subscriber();
    await s.subscribe({ expires: 600 });
    // No wait for the first NOTIFY's answer: the end is decided while it is in flight.
    await s.subscribe({ expires: 0 });
    expect(await s.waitNotifies(2)).toBe(true);
    expect(stateOf(s.notifies.at(-1))).toMatch(/^terminated/);
  });

  it('a refresh after the subscription ended gets 481', async () => {
    const { subscriber } = await node();
    const s = await subscriber();
    await s.subscribe({ expires: 600 });
    await s.subscribe({ expires: 0 });
    await s.waitNotifies(2);
    const response = await s.subscribe({ expires: 600 });
    expect(response.status).toBe(481);
  });
});
