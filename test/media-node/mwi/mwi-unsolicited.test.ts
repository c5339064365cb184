import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeConfig } from '../../../functions/services/media-nodes/node-config.js';
import { silentLogger } from '../../../media-node/log.js';
import { MwiPoller } from '../../../media-node/mwi/mwi-poller.js';
import { startUnsolicitedMwi } from '../../../media-node/mwi/mwi-unsolicited.js';
import type { SipEndpoint } from '../../../media-node/sip/endpoint.js';
import { UdpPeer } from '../../helpers/udp-peer.js';
import { startEndpoint } from '../sip/helpers/endpoint.js';

/** A PBX on a bare UDP socket: answers every NOTIFY 200 and keeps what it got. */
async function startFakePbx(): Promise<{ peer: UdpPeer; notifies: () => string[] }> {
  const peer = await UdpPeer.open();
  peer.socket.on('message', (data, rinfo) => {
    const text = data.toString();
    if (!text.startsWith('NOTIFY ')) return;
    const keep = text.split('\r\n').filter((l) => /^(via|from|to|call-id|cseq):/i.test(l));
    void peer.send(rinfo.port, `SIP/2.0 200 OK\r\n${keep.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`);
  });
  return { peer, notifies: () => peer.datagrams.map((d) => d.data.toString()).filter((t) => t.startsWith('NOTIFY ')) };
}

let sip: SipEndpoint;
let pbx: Awaited<ReturnType<typeof startFakePbx>>;
let stop: () => void;
let poller: MwiPoller;
let counts = { mailboxes: [] as { extension: string; newCount: number; savedCount: number }[] };
let unsolicited = true;

const config = (): NodeConfig =>
  ({ voicemail: { maxMessages: 100, maxSeconds: 180, mwiUnsolicited: unsolicited, mwiTarget: `127.0.0.1:${pbx.peer.port}` }, sip: { trunk: null } }) as unknown as NodeConfig;

beforeEach(async () => {
  sip = await startEndpoint();
  pbx = await startFakePbx();
  unsolicited = true;
  counts = { mailboxes: [{ extension: '2001', newCount: 2, savedCount: 1 }] };
  let version = 0;
  poller = new MwiPoller({ fetch: async () => ({ state: structuredClone(counts), etag: String(++version) }), log: silentLogger, intervalMs: 60_000 });
  stop = startUnsolicitedMwi({ poller, sip, config, host: 'node.example.test', log: silentLogger });
});
afterEach(async () => {
  stop();
  poller.stop();
  pbx.peer.close();
  await sip.close();
});

describe('message-waiting NOTIFYs to the PBX unasked', () => {
  it('sends the first counts and every change to sip:<mailbox>@<target>, as RFC 3842 message-summary', async () => {
    poller.start();
    expect(await pbx.peer.until(() => pbx.notifies().length === 1, 3000)).toBe(true);
    const [first] = pbx.notifies();
    expect(first).toMatch(new RegExp(`^NOTIFY sip:2001@127\\.0\\.0\\.1:${pbx.peer.port} SIP/2\\.0`));
    expect(first).toMatch(/\r\nEvent: message-summary\r\n/i);
    expect(first).toMatch(/\r\nSubscription-State: active/i);
    expect(first).toMatch(/\r\nContent-Type: application\/simple-message-summary\r\n/i);
    expect(first).toContain('Messages-Waiting: yes\r\nMessage-Account: sip:2001@node.example.test\r\nVoice-Message: 2/1 (0/0)\r\n');
    counts = { mailboxes: [{ extension: '2001', newCount: 0, savedCount: 3 }] };
    await poller.poke();
    expect(await pbx.peer.until(() => pbx.notifies().length === 2, 3000)).toBe(true);
    expect(pbx.notifies()[1]).toContain('Messages-Waiting: no');
    expect(pbx.notifies()[1]).toContain('Voice-Message: 0/3 (0/0)');
  });

  it('sends nothing while the site does not ask for it', async () => {
    unsolicited = false;
    poller.start();
    await poller.poke();
    expect(await pbx.peer.until(() => pbx.notifies().length > 0, 500)).toBe(false);
  });
});
