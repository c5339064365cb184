import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioItems, emails, events, mailboxes, voicemailMessages, voicemailProfiles, voicemailSettings } from '../../../schema/index.js';
import { storedEventId } from '../../../functions/services/media-nodes/node-audio.js';
import { derivedId } from '../../../functions/services/voicemail/derived-id.js';
import { messageProtocol } from '../../../functions/services/voicemail/protocol.js';
import { dispatchEvents } from '../../../workers/jobs/dispatch-events.js';
import { EVENT_CONSUMERS } from '../../../workers/jobs/event-consumers.js';
import { JOB_HANDLERS } from '../../../workers/jobs/index.js';
import { runDueJobs } from '../../../workers/jobs/runner.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { nodeClient, uploadAudioItem } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';

let h: Harness;
let node: TestClient;

beforeAll(async () => {
  h = await createHarness();
  node = await nodeClient(h);
});
afterAll(() => h.close());


/** Uploads the three encodings and records the audio item the way a media node does. */
async function deposit(kind: 'voicemail' | 'greeting', metadata: Record<string, unknown>, startedAt = '2026-11-26T13:00:00.000Z') {
  return uploadAudioItem(node, { kind, metadata, startedAt, durationMs: 5300, repeat: 20 });
}

const dispatch = () => dispatchEvents(h.deps, { owner: 'ingest-test', consumers: EVENT_CONSUMERS });
const sendMail = () => runDueJobs(h.deps, JOB_HANDLERS, { owner: 'ingest-test' });
const message = async (id: string) => (await h.deps.db.select().from(voicemailMessages).where(eq(voicemailMessages.id, id)))[0];
const eml = async (outboxFile: string | null) => simpleParser(readFileSync(join(h.dir, 'mail-outbox', outboxFile!)));

let n = 0;
async function owner(extra: Record<string, unknown> = {}) {
  const number = String(3000 + ++n);
  const email = `owner${n}@example.test`;
  const userId = await h.addUser({ email, fullName: `Owner ${n}`, extensions: [{ siteId: h.org.siteId, number }], ...extra });
  return { number, email, userId };
}
const vm = (mailbox: string, extra: Record<string, unknown> = {}) => ({ mailbox, reason: 'busy', callerNumber: '5511999990000', callerName: 'Ana Souza', callId: 'c1', ...extra });

describe('a voicemail recording becomes a message', () => {
  it('stores one message with protocol, reason, caller and owner, one voicemail.received event and lights the lamp', async () => {
    const o = await owner();
    // 01:30 UTC on the 27th is still the 26th in São Paulo, the site's zone.
    const { id, files } = await deposit('voicemail', vm(o.number), '2026-11-27T01:30:00.000Z');
    await dispatch();
    const m = await message(id);
    expect(m).toMatchObject({
      protocol: await messageProtocol(id, new Date('2026-11-27T01:30:00.000Z'), 'America/Sao_Paulo'), extension: o.number, userId: o.userId,
      divertReason: 'busy', callerNumber: '5511999990000', callerName: 'Ana Souza', durationMs: 5300, heard: false, audioId: id,
      audioBytes: files.wav!.size + files.gsm!.size + files.mp3!.size, siteId: h.org.siteId,
    });
    expect(m!.protocol).toMatch(/^VM-20261126-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(m!.searchText).toContain('ana souza');
    const [received] = await h.deps.db.select().from(events).where(eq(events.id, await derivedId(`voicemail.received:${id}`)));
    expect(received).toMatchObject({ type: 'voicemail.received', payload: { messageId: id, protocol: m!.protocol, mailbox: o.number, userId: o.userId, divertReason: 'busy' } });
    const [box] = await h.deps.db.select().from(mailboxes).where(eq(mailboxes.id, m!.mailboxId));
    expect(box).toMatchObject({ extension: o.number, mwiVersion: 1 });
  });

  it('mails the owner the MP3 by default, the attachment byte for byte the stored file', async () => {
    const o = await owner();
    const { id, bodies } = await deposit('voicemail', vm(o.number));
    await dispatch();
    await sendMail();
    const m = await message(id);
    const mails = await h.deps.db.select().from(emails).where(eq(emails.id, await derivedId(`voicemail.mail:${id}:${o.email}`)));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ toAddresses: [o.email], status: 'sent', purpose: 'voicemail.received' });
    const parsed = await eml(mails[0]!.outboxFile);
    expect(parsed.subject).toContain(m!.protocol);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]).toMatchObject({ filename: `${m!.protocol}.mp3`, contentType: 'audio/mpeg' });
    expect(new Uint8Array(parsed.attachments[0]!.content)).toEqual(bodies.mp3);
  });

  it('dispatched again, it writes nothing new', async () => {
    const o = await owner();
    const { id } = await deposit('voicemail', vm(o.number));
    await dispatch();
    const count = async () => [await h.deps.db.$count(voicemailMessages), await h.deps.db.$count(events), await h.deps.db.$count(emails)];
    const before = await count();
    await h.deps.db.update(events).set({ dispatchedAt: null }).where(eq(events.id, await storedEventId(id)));
    await dispatch();
    expect(await count()).toEqual(before);
    const [box] = await h.deps.db.select().from(mailboxes).where(eq(mailboxes.id, (await message(id))!.mailboxId));
    expect(box!.mwiVersion).toBe(1);
  });

  it("sends a notice without audio when the owner's profile says e-mail only", async () => {
    const o = await owner();
    await h.deps.db.insert(voicemailProfiles).values({ userId: o.userId, orgId: h.org.orgId, mainAction: 'email', attachmentFormat: 'wav', hearDetails: false, alternateEmailEnabled: false, updatedAt: new Date() });
    const { id } = await deposit('voicemail', vm(o.number));
    await dispatch();
    await sendMail();
    const [mail] = await h.deps.db.select().from(emails).where(eq(emails.id, await derivedId(`voicemail.mail:${id}:${o.email}`)));
    expect(mail!.attachments).toEqual([]);
    expect((await eml(mail!.outboxFile)).attachments).toHaveLength(0);
  });

  it("sends nothing when the owner's profile says none, but keeps the message", async () => {
    const o = await owner();
    await h.deps.db.insert(voicemailProfiles).values({ userId: o.userId, orgId: h.org.orgId, mainAction: 'none', attachmentFormat: 'mp3', hearDetails: true, alternateEmailEnabled: true, updatedAt: new Date() });
    const { id } = await deposit('voicemail', vm(o.number));
    await dispatch();
    expect(await message(id)).toBeDefined();
    expect(await h.deps.db.$count(emails, eq(emails.id, await derivedId(`voicemail.mail:${id}:${o.email}`)))).toBe(0);
  });

  it('also mails the alternate address when the profile enables it, with the chosen format', async () => {
    const o = await owner({ alternateEmail: 'mobile@example.test' });
    await h.deps.db.insert(voicemailProfiles).values({ userId: o.userId, orgId: h.org.orgId, mainAction: 'email-attachment', attachmentFormat: 'wav', hearDetails: true, alternateEmailEnabled: true, updatedAt: new Date() });
    const { id, bodies } = await deposit('voicemail', vm(o.number));
    await dispatch();
    await sendMail();
    for (const to of [o.email, 'mobile@example.test']) {
      const [mail] = await h.deps.db.select().from(emails).where(eq(emails.id, await derivedId(`voicemail.mail:${id}:${to}`)));
      expect(mail, to).toMatchObject({ toAddresses: [to], status: 'sent' });
      const parsed = await eml(mail!.outboxFile);
      expect(parsed.attachments[0]!.contentType).toBe('audio/wav');
      expect(new Uint8Array(parsed.attachments[0]!.content)).toEqual(bodies.wav);
    }
  });

  it("fills the organization's template of the owner's language, date in the site's time zone and reason translated", async () => {
    await h.deps.db.insert(voicemailSettings).values({
      orgId: h.org.orgId, mainAction: 'email', attachmentFormat: 'mp3', hearDetails: true, alternateEmailEnabled: false, updatedAt: new Date(),
      templates: { es: { subject: 'Recado {protocol} - {reason}', body: 'Fecha {date}; de {from}; para {to}; {unknown}' } },
    });
    try {
      const o = await owner({ language: 'es' });
      const { id } = await deposit('voicemail', vm(o.number, { reason: 'no-answer' }), '2026-11-26T13:05:00.000Z');
      await dispatch();
      const m = await message(id);
      const [mail] = await h.deps.db.select().from(emails).where(eq(emails.id, await derivedId(`voicemail.mail:${id}:${o.email}`)));
      expect(mail!.subject).toBe(`Recado ${m!.protocol} - No contesta`);
      // 13:05 UTC is 10:05 in São Paulo.
      expect(mail!.textBody).toBe(`Fecha 26/11/26, 10:05; de Ana Souza <5511999990000>; para ${o.number}; {unknown}`);
      // A language without an organization template falls back to the built-in one.
      const pt = await owner({ language: 'pt-BR' });
      const second = await deposit('voicemail', vm(pt.number, { reason: 'unavailable' }));
      await dispatch();
      const [ptMail] = await h.deps.db.select().from(emails).where(eq(emails.id, await derivedId(`voicemail.mail:${second.id}:${pt.email}`)));
      expect(ptMail!.subject).toBe(`Nova mensagem de voz de Ana Souza <5511999990000> (${(await message(second.id))!.protocol})`);
      expect(ptMail!.textBody).toContain('Motivo do desvio: Não logado');
    } finally {
      await h.deps.db.delete(voicemailSettings).where(eq(voicemailSettings.orgId, h.org.orgId));
    }
  });

  it('keeps a message for an extension the site does not know, with no owner and no e-mail', async () => {
    const before = await h.deps.db.$count(emails);
    const { id } = await deposit('voicemail', vm('7999'));
    await dispatch();
    expect(await message(id)).toMatchObject({ extension: '7999', userId: null });
    expect(await h.deps.db.$count(emails)).toBe(before);
  });

  it('skips metadata that does not parse without holding up the outbox', async () => {
    const { id } = await deposit('voicemail', { mailbox: '', reason: 'lunch' });
    await dispatch();
    expect(await message(id)).toBeUndefined();
    const [stored] = await h.deps.db.select().from(events).where(eq(events.id, await storedEventId(id)));
    expect(stored!.dispatchedAt).not.toBeNull();
  });
});

describe('a greeting recording', () => {
  it("becomes the mailbox's greeting, and a new one replaces it and deletes the old audio and files", async () => {
    const o = await owner();
    const first = await deposit('greeting', { mailbox: o.number, greeting: 'busy' });
    await dispatch();
    const box = async () => (await h.deps.db.select().from(mailboxes).where(and(eq(mailboxes.siteId, h.org.siteId), eq(mailboxes.extension, o.number))))[0];
    await expect(box()).resolves.toMatchObject({ greetingBusyId: first.id, greetingUnavailableId: null });
    const second = await deposit('greeting', { mailbox: o.number, greeting: 'busy' });
    const name = await deposit('greeting', { mailbox: o.number, greeting: 'name' });
    await dispatch();
    expect(await box()).toMatchObject({ greetingBusyId: second.id, nameId: name.id });
    expect(await h.deps.db.$count(audioItems, eq(audioItems.id, first.id))).toBe(0);
    for (const f of Object.values(first.files)) expect(await h.deps.blobs!.head(f.key)).toBeNull();
    for (const f of Object.values(second.files)) expect(await h.deps.blobs!.head(f.key)).not.toBeNull();
  });
});
