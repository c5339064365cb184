import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveMailSettings } from '../../../functions/services/mail/mail-settings.js';
import { backgroundTick } from '../../../workers/jobs/index.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { nodeClient, uploadAudioItem } from '../../helpers/node-client.js';
import { smtpPeer, type SmtpPeer } from '../../helpers/smtp-peer.js';

/**
 * The new-message e-mail end to end through a real SMTP server: a node stores a voicemail item,
 * the background runner files it and sends the owner's mail with the audio attached.
 */
let h: Harness;
let peer: SmtpPeer;

beforeAll(async () => {
  h = await createHarness();
  peer = await smtpPeer();
  await saveMailSettings(h.deps.db, h.scope(), { provider: 'smtp', fromAddress: 'pbx@acme.test', fromName: 'Acme PBX', smtpHost: '127.0.0.1', smtpPort: peer.port, smtpSecurity: 'none' }, h.deps.now());
});
afterAll(async () => {
  await peer.close();
  h.close();
});

describe('a new voicemail by SMTP', () => {
  it('reaches the owner with the MP3 attached, byte for byte the stored file', async () => {
    await h.addUser({ email: 'lia@example.test', fullName: 'Lia Prado', extensions: [{ siteId: h.org.siteId, number: '2201' }] });
    const node = await nodeClient(h);
    const { bodies } = await uploadAudioItem(node, {
      kind: 'voicemail', metadata: { mailbox: '2201', reason: 'busy', callerNumber: '5511988887777', callerName: 'Rui Costa', callId: 'smtp-test' },
    });
    await backgroundTick(h.deps, 'smtp-test');
    await backgroundTick(h.deps, 'smtp-test');
    expect(peer.received).toHaveLength(1);
    const mail = await simpleParser(peer.received[0]!);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('lia@example.test');
    expect(mail.from?.text).toContain('pbx@acme.test');
    expect(`${mail.subject} ${mail.text}`).toContain('5511988887777');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.filename).toMatch(/\.mp3$/);
    expect(new Uint8Array(mail.attachments[0]!.content)).toEqual(bodies.mp3);
  });
});
