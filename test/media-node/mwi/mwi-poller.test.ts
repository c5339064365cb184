import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../media-node/log.js';
import { messageSummary } from '../../../media-node/mwi/message-summary.js';
import { MwiPoller, type MwiFetch } from '../../../media-node/mwi/mwi-poller.js';

describe('the message-summary body', () => {
  it('lights the lamp only for new messages and gives new/old voice counts (RFC 3842)', () => {
    expect(messageSummary('2001', 'node.example', { newCount: 2, savedCount: 5 })).toEqual({
      contentType: 'application/simple-message-summary',
      content: 'Messages-Waiting: yes\r\nMessage-Account: sip:2001@node.example\r\nVoice-Message: 2/5 (0/0)\r\n',
    });
    expect(messageSummary('2001', 'h', { newCount: 0, savedCount: 3 }).content).toMatch(/^Messages-Waiting: no\r\n/);
  });
});

describe('MwiPoller', () => {
  function poller(answers: Awaited<ReturnType<MwiFetch>>[], etags: (string | null)[] = []) {
    const fetch: MwiFetch = async (etag) => {
      etags.push(etag);
      const next = answers.shift();
      if (next === undefined) throw new Error('central unreachable');
      return next;
    };
    const p = new MwiPoller({ fetch, log: silentLogger, intervalMs: 60_000 });
    const changes: string[] = [];
    p.on('change', (mailbox: string, counts: { newCount: number; savedCount: number }) => changes.push(`${mailbox}=${counts.newCount}/${counts.savedCount}`));
    return { p, changes, etags };
  }
  const state = (...m: [string, number, number][]) => ({ state: { mailboxes: m.map(([extension, newCount, savedCount]) => ({ extension, newCount, savedCount })) }, etag: `"${m.length}"` });

  it('reports only the mailboxes whose counts moved, including one that emptied', async () => {
    const { p, changes } = poller([state(['2001', 1, 0], ['2002', 0, 2]), state(['2001', 1, 0], ['2003', 1, 0])]);
    await p.poke();
    await p.poke();
    p.stop();
    expect(changes).toEqual(['2001=1/0', '2002=0/2', '2003=1/0', '2002=0/0']);
    expect(p.countsOf('2002')).toEqual({ newCount: 0, savedCount: 0 });
  });

  it('sends the last ETag and keeps the counts on 304 and on failures', async () => {
    const etags: (string | null)[] = [];
    const { p, changes } = poller([state(['2001', 3, 1]), null], etags);
    await p.poke();
    await p.poke();
    await p.poke();
    p.stop();
    expect(etags).toEqual([null, '"1"', '"1"']);
    expect(changes).toEqual(['2001=3/1']);
    expect(p.countsOf('2001')).toEqual({ newCount: 3, savedCount: 1 });
  });
});
