import { unzipSync } from 'fflate';
import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { audioItems, auditLog, callRecordingNotes, callRecordingParticipants, callRecordings, emails, events, recordingSettings, users } from '../../../schema/index.js';
import { deleteRecordings, emailRecordingsToSelf, mailParties, openRecordingAudio, recordingsZip } from '../../../functions/services/call-recordings/recording-actions.js';
import { addRecordingNote } from '../../../functions/services/call-recordings/recording-notes.js';
import { getRecording } from '../../../functions/services/call-recordings/recording-read.js';
import type { Action } from '../../../functions/services/auth/permissions.js';
import type { Scope } from '../../../functions/services/scope.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import { callsWorld, insertRecording, type FixtureRecording } from './recordings-fixture.js';

let h: Harness;
let w: Awaited<ReturnType<typeof callsWorld>>;

useHarness((ready) => ({ h } = ready));
beforeAll(async () => {
  w = await callsWorld(h);
});

const userScope = (person: { id: string }, name: string, actions: readonly Action[] = ['view', 'listen', 'email']): Scope => ({
  orgId: h.org.orgId, actor: { id: person.id, name, kind: 'user' }, grants: { all: false, matrix: { vrec: [...actions] } }, siteIds: null, userId: person.id,
});
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());
const stored = async (key: string) => (await h.deps.blobs!.head(key)) !== null;
const bobCall = () => insertRecording(h, { participants: [{ number: '2002', name: 'Bob Souza', internal: true, userId: w.bob.id }, { number: '551144445555', internal: false }] });

describe('notes', () => {
  it('keeps each note with its author and time, newest first, with an audit entry', async () => {
    const alice = userScope(w.alice, 'Alice Lima', ['view', 'edit']);
    h.clock.offsetMs = 0;
    const first = await addRecordingNote(h.deps, alice, w.recordings.aliceReceived.id, '  Customer asked for a refund ');
    h.clock.offsetMs = 60_000;
    const second = await addRecordingNote(h.deps, alice, w.recordings.aliceReceived.id, 'Called back');
    h.clock.offsetMs = 0;
    expect(first).toMatchObject({ authorId: w.alice.id, authorName: 'Alice Lima', body: 'Customer asked for a refund' });
    const details = await getRecording(h.deps.db, alice, w.recordings.aliceReceived.id);
    expect(details.noteList.map((n) => n.id)).toEqual([second.id, first.id]);
    const audit = await h.deps.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'callRecording'), eq(auditLog.entityId, w.recordings.aliceReceived.id)));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorName: 'Alice Lima', action: 'create' });
  });

  it('refuses an empty note naming body, without vrec.edit (403), and on a hidden call (404)', async () => {
    await expect(addRecordingNote(h.deps, userScope(w.alice, 'Alice', ['view', 'edit']), w.recordings.aliceReceived.id, '   ')).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'body' }] });
    await expect(addRecordingNote(h.deps, userScope(w.alice, 'Alice', ['view']), w.recordings.aliceReceived.id, 'hi')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(addRecordingNote(h.deps, userScope(w.alice, 'Alice', ['view', 'edit']), w.recordings.bobMade.id, 'hi')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('details', () => {
  it('lists participants by join time with their channels', async () => {
    const details = await getRecording(h.deps.db, h.scope(), w.recordings.aliceReceived.id);
    expect(details).toMatchObject({ source: 'siprec', channels: 2, type: 'received', access: '2001', identification: '5511988887777' });
    expect(details.participants.map((p) => [p.number, p.internal, p.channel, p.joinedAt.getTime() - details.startedAt.getTime()])).toEqual([
      ['5511988887777', false, 0, 0],
      ['2001', true, 1, 1500],
    ]);
  });
});

describe('audio', () => {
  it('answers the whole file, a range with 206 and a range past the end with 416', async () => {
    const r = w.recordings.aliceReceived;
    const whole = await openRecordingAudio(h.deps, h.scope(), r.id, 'wav');
    expect(whole.status).toBe(200);
    expect((await bytes(whole)).equals(Buffer.from(r.bytes.wav))).toBe(true);
    const part = await openRecordingAudio(h.deps, h.scope(), r.id, 'mp3', 'bytes=10-109', { download: true });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-109/${r.bytes.mp3.byteLength}`);
    expect(part.headers.get('content-disposition')).toBe(`attachment; filename="${r.protocol}.mp3"`);
    expect((await bytes(part)).equals(Buffer.from(r.bytes.mp3.subarray(10, 110)))).toBe(true);
    const past = await openRecordingAudio(h.deps, h.scope(), r.id, 'gsm', `bytes=${r.bytes.gsm.byteLength}-`);
    expect(past.status).toBe(416);
  });

  it('needs vrec.listen and a visible call', async () => {
    await expect(openRecordingAudio(h.deps, userScope(w.alice, 'Alice', ['view']), w.recordings.aliceReceived.id, 'wav')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(openRecordingAudio(h.deps, userScope(w.alice, 'Alice'), w.recordings.bobMade.id, 'wav')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('delete', () => {
  const gone = async (r: FixtureRecording) => ({
    rows: await h.deps.db.$count(callRecordings, eq(callRecordings.id, r.id)),
    participants: await h.deps.db.$count(callRecordingParticipants, eq(callRecordingParticipants.recordingId, r.id)),
    notes: await h.deps.db.$count(callRecordingNotes, eq(callRecordingNotes.recordingId, r.id)),
    audio: await h.deps.db.$count(audioItems, eq(audioItems.id, r.audioId)),
    files: (await Promise.all(Object.values(r.keys).map(stored))).filter(Boolean).length,
  });

  it('removes the rows, notes, audio item and files, with one recording.deleted event each', async () => {
    const a = await bobCall();
    const b = await bobCall();
    await addRecordingNote(h.deps, h.scope(), a.id, 'to be deleted');
    expect(await gone(a)).toEqual({ rows: 1, participants: 2, notes: 1, audio: 1, files: 3 });
    expect(await deleteRecordings(h.deps, userScope(w.bob, 'Bob', ['view', 'delete']), [a.id, b.id, a.id], 'web')).toBe(2);
    expect(await gone(a)).toEqual({ rows: 0, participants: 0, notes: 0, audio: 0, files: 0 });
    expect(await gone(b)).toEqual({ rows: 0, participants: 0, notes: 0, audio: 0, files: 0 });
    const sent = await h.deps.db.select().from(events).where(eq(events.type, 'recording.deleted'));
    const mine = sent.filter((e) => [a.id, b.id].includes(e.payload.recordingId as string));
    expect(mine.map((e) => e.payload).sort((x, y) => String(x.protocol).localeCompare(String(y.protocol)))).toEqual(
      [a, b].map((r) => ({ recordingId: r.id, protocol: r.protocol, via: 'web' })).sort((x, y) => x.protocol.localeCompare(y.protocol)),
    );
  });

  it('deletes more recordings than one statement may bind (chunks of 50)', async () => {
    const many = [];
    for (let i = 0; i < 55; i++) many.push(await bobCall());
    expect(await deleteRecordings(h.deps, h.scope(), many.map((r) => r.id), 'api')).toBe(55);
    expect(await h.deps.db.$count(callRecordings, inArray(callRecordings.id, many.slice(0, 50).map((r) => r.id)))).toBe(0);
    expect(await h.deps.db.$count(callRecordings, inArray(callRecordings.id, many.slice(50).map((r) => r.id)))).toBe(0);
    expect(await stored(many[54]!.keys.wav)).toBe(false);
  });

  it("deletes nothing when one id is someone else's call (404), and needs vrec.delete (403)", async () => {
    const a = await bobCall();
    await expect(deleteRecordings(h.deps, userScope(w.bob, 'Bob', ['view', 'delete']), [a.id, w.recordings.aliceReceived.id], 'api')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteRecordings(h.deps, userScope(w.bob, 'Bob', ['view']), [a.id], 'api')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await gone(a)).rows).toBe(1);
  });
});

describe('ZIP', () => {
  it('holds <protocol>.<format> entries byte-equal to the stored files', async () => {
    const r = w.recordings;
    const body = await recordingsZip(h.deps, h.scope(), [r.aliceReceived.id, r.bobMade.id], 'gsm');
    const entries = unzipSync(new Uint8Array(await new Response(body).arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual([`${r.aliceReceived.protocol}.gsm`, `${r.bobMade.protocol}.gsm`].sort());
    expect(Buffer.from(entries[`${r.bobMade.protocol}.gsm`]!).equals(Buffer.from(r.bobMade.bytes.gsm))).toBe(true);
    expect(Buffer.from(entries[`${r.aliceReceived.protocol}.gsm`]!).equals(Buffer.from(r.aliceReceived.bytes.gsm))).toBe(true);
  });

  it('needs vrec.export, and refuses more than 200 naming ids', async () => {
    await expect(recordingsZip(h.deps, userScope(w.alice, 'Alice'), [w.recordings.aliceReceived.id], 'wav')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const many = Array.from({ length: 201 }, (_, i) => `id-${i}`);
    await expect(recordingsZip(h.deps, h.scope(), many, 'wav')).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'ids' }] });
  });
});

describe('e-mail to self', () => {
  it("queues one e-mail per recording with its audio, filled from the template in the user's language", async () => {
    await h.deps.db.update(users).set({ language: 'es' }).where(eq(users.id, w.alice.id));
    const ids = [w.recordings.aliceReceived.id, w.recordings.internal.id];
    expect(await emailRecordingsToSelf(h.deps, userScope(w.alice, 'Alice Lima'), ids, 'mp3')).toBe(2);
    const mails = await h.deps.db.select().from(emails).where(and(eq(emails.purpose, 'recording.forward'), eq(emails.createdBy, w.alice.id)));
    expect(mails).toHaveLength(2);
    const received = mails.find((m) => m.subject.includes(w.recordings.aliceReceived.protocol))!;
    expect(received.toAddresses).toEqual([w.alice.email]);
    expect(received.subject).toBe(`Grabación ${w.recordings.aliceReceived.protocol}: Maria Alves <5511988887777> a Alice Lima <2001>`);
    // 13:00 UTC is 10:00 in São Paulo.
    expect(received.textBody).toContain('Fecha: 10/3/26, 10:00');
    expect(received.attachments).toEqual([{ filename: `${w.recordings.aliceReceived.protocol}.mp3`, contentType: 'audio/mpeg', blobKey: w.recordings.aliceReceived.keys.mp3, contentBase64: null, size: 0 }]);
    const internal = mails.find((m) => m.subject.includes(w.recordings.internal.protocol))!;
    expect(internal.subject).toContain('Bob Souza <2002> a Alice Lima <2001>');
  });

  it("uses the organization's own template when it has one", async () => {
    await h.deps.db.insert(recordingSettings).values({ orgId: h.org.orgId, templates: { es: { subject: 'Llamada {protocol} ({date})', body: '{from} -> {to} {unknown}' } }, updatedAt: new Date() });
    await emailRecordingsToSelf(h.deps, userScope(w.alice, 'Alice Lima'), [w.recordings.aliceReceived.id], 'wav');
    const [mail] = await h.deps.db.select().from(emails).where(and(eq(emails.purpose, 'recording.forward'), eq(emails.subject, `Llamada ${w.recordings.aliceReceived.protocol} (10/3/26, 10:00)`)));
    expect(mail?.textBody).toBe('Maria Alves <5511988887777> -> Alice Lima <2001> {unknown}');
    await h.deps.db.delete(recordingSettings).where(eq(recordingSettings.orgId, h.org.orgId));
  });

  it("refuses someone else's call (404) queuing nothing, more than 50 naming ids, and needs vrec.email", async () => {
    const before = await h.deps.db.$count(emails);
    await expect(emailRecordingsToSelf(h.deps, userScope(w.alice, 'Alice'), [w.recordings.aliceReceived.id, w.recordings.bobMade.id], 'mp3')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(emailRecordingsToSelf(h.deps, userScope(w.alice, 'Alice'), Array.from({ length: 51 }, (_, i) => `id-${i}`), 'mp3')).rejects.toMatchObject({ fields: [{ field: 'ids' }] });
    await expect(emailRecordingsToSelf(h.deps, userScope(w.alice, 'Alice', ['view']), [w.recordings.aliceReceived.id], 'mp3')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.deps.db.$count(emails)).toBe(before);
  });

  it('names the parties of a made call from the extension to the outside number', () => {
    expect(mailParties({ type: 'made', access: '2002', identification: '5511' }, [{ number: '2002', name: 'Bob', internal: true }, { number: '5511', name: '', internal: false }])).toEqual({ from: 'Bob <2002>', to: '5511' });
  });
});
