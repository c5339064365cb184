import { eq } from 'drizzle-orm';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, Module } from '../../functions/services/auth/permissions.js';
import { addMembers } from '../../functions/services/groups/group-members.js';
import { createGroup } from '../../functions/services/groups/group-write.js';
import { enqueueJob } from '../../functions/services/jobs/job-queue.js';
import { createProfile } from '../../functions/services/profiles/profile-write.js';
import { SiteSchema } from '../../functions/services/sites/site-schemas.js';
import { createSite } from '../../functions/services/sites/site-service.js';
import { createToken } from '../../functions/services/tokens/token-service.js';
import { queueMail } from '../../functions/services/mail/send-mail.js';
import { createEndpoint } from '../../functions/services/webhooks/endpoint-service.js';
import { sendTestEvent } from '../../functions/services/webhooks/test-event.js';
import { conferenceLive, conferenceParticipants, conferenceSessions, emails, jobs, sites } from '../../schema/index.js';
import { EMAIL_SEND_JOB, runEmailSend } from '../../workers/jobs/email-send.js';
import { runDueJobs } from '../../workers/jobs/runner.js';
import { insertMessage } from '../services/voicemail/inbox-fixture.js';
import { getVoicemailSettings } from '../../functions/services/voicemail/voicemail-settings.js';
import { utcToLocal } from '../../functions/services/conference/local-time.js';
import { insertRoom } from '../services/conference/conference-fixture.js';
import { insertRecording } from '../services/call-recordings/recordings-fixture.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import type { TestClient } from '../helpers/test-client.js';
import { FULL_MATRIX, matrixWithout, USER_PASSWORD, userWithMatrix } from './api/api-helpers.js';

/**
 * The server-side half of the permission matrix: every route of the app is listed here with the
 * permission it needs. A user holding every permission except that one must get 403; the same
 * request by a user holding every permission must succeed. A route added to the app without an
 * entry here (or in the explicit list of routes open to anyone signed in) fails the walk.
 */

type Need = readonly [Module, Action];

interface Req {
  path: string;
  /** JSON body (API) or form fields (pages). */
  body?: unknown;
  form?: Record<string, string | string[]>;
}

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as the app registers it, e.g. /api/v1/users/:id. */
  route: string;
  needs: Need;
  /** Builds the request; called once per caller, so destructive calls get their own target. */
  request: () => Promise<Req>;
  /** What a user with every permission gets. */
  allowed: number;
  /** Tells apart several cases of one route (the export variant of a list). */
  variant?: string;
}

let h: Harness;
let pbx: Server;
let pbxUrl: string;
let n = 0;

const now = () => h.deps.now();
const scope = () => h.scope();
const next = (prefix: string) => `${prefix}-${++n}`;

async function freshUser(): Promise<{ id: string; email: string }> {
  const email = `${next('target')}@example.test`;
  return { id: await h.addUser({ email, fullName: next('Target') }), email };
}
const freshGroup = () => createGroup(h.deps.db, scope(), { name: next('Group'), description: '' }, now());
async function freshMembership(): Promise<{ groupId: string; userId: string }> {
  const groupId = await freshGroup();
  const { id: userId } = await freshUser();
  await addMembers(h.deps.db, scope(), groupId, [userId], now());
  return { groupId, userId };
}
const freshProfile = () => createProfile(h.deps.db, scope(), { name: next('Profile'), description: '', permissions: {} }, now());
/** A site whose PBX connector points at the local fake PBX, so sync and its test can succeed. */
const freshSite = () =>
  createSite(h.deps.db, scope(), SiteSchema.parse({ name: next('Site'), timeZone: 'UTC', pbxConnection: { kind: 'http', url: pbxUrl, mapping: {} } }), now());
const freshToken = async () => (await createToken(h.deps.db, scope(), { name: next('Token'), kind: 'integration' }, now())).id;
const freshEndpoint = async () =>
  (await createEndpoint(h.deps.db, scope(), { url: `https://crm.example.com/${next('hook')}`, description: '', events: [], sites: [], active: true }, false, now())).endpoint.id;
/** An endpoint with one delivery (its test event), for the log and replay routes. */
async function freshDelivery(): Promise<{ endpointId: string; deliveryId: string }> {
  const endpointId = await freshEndpoint();
  return { endpointId, ...(await sendTestEvent(h.deps.db, scope(), endpointId, now())) };
}
async function freshMail(status: 'queued' | 'failed' = 'queued'): Promise<string> {
  const mail = queueMail(h.deps.db, { orgId: h.org.orgId, to: ['someone@example.test'], subject: next('Subject'), text: 'Hello', purpose: 'test' }, now());
  await h.deps.db.batch(mail.items);
  if (status === 'failed') await h.deps.db.update(emails).set({ status: 'failed', lastError: 'refused' }).where(eq(emails.id, mail.emailId));
  return mail.emailId;
}
/** A message written to the outbox folder by the real job, so its .eml can be downloaded. */
async function sentMail(): Promise<string> {
  const id = await freshMail();
  await runDueJobs(h.deps, { [EMAIL_SEND_JOB]: runEmailSend }, { owner: 'walk' });
  return id;
}
/** A voicemail message in the first site's mailbox 7001, with its audio in object storage. */
const freshMessage = async () => (await insertMessage(h, { extension: '7001' })).id;
const freshJob = async () => enqueueJob(h.deps.db, h.org.orgId, { kind: 'pbx-sync', siteId: h.org.siteId, input: { trigger: 'manual' } }, now());
/** v-conference: a scheduled room, a running one with live state, and a history entry with a recording. */
let roomSerial = 20000;
const freshRoom = async () => insertRoom(h, { number: String(++roomSerial), startsAt: new Date(Date.now() + 86_400_000 + roomSerial * 7_200_000), endsAt: new Date(Date.now() + 90_000_000 + roomSerial * 7_200_000) });
async function freshLiveRoom(): Promise<string> {
  const roomId = await insertRoom(h, { number: String(++roomSerial), startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3_600_000) });
  await h.deps.db.insert(conferenceLive).values({ roomId, orgId: h.org.orgId, siteId: h.org.siteId, sessionId: 's', locked: false, participants: [], updatedAt: now() });
  return roomId;
}
async function freshHistory(): Promise<string> {
  const roomId = await freshRoom();
  const id = crypto.randomUUID();
  const recording = await insertMessage(h, { extension: '7002' });
  await h.deps.db.insert(conferenceSessions).values({ id, orgId: h.org.orgId, siteId: h.org.siteId, roomId, nodeSessionId: id, startedAt: new Date(Date.now() - 600_000), endedAt: now(), recordingAudioId: recording.id });
  await h.deps.db.insert(conferenceParticipants).values({ id: crypto.randomUUID(), orgId: h.org.orgId, sessionId: id, role: 'admin', joinedAt: new Date(Date.now() - 600_000) });
  return id;
}
/** Recordings maintenance: a queued ZIP export of a far period, and one finished with its archive stored. */
const maintenance = (module: string) => `/api/v1/recordings-maintenance/${module}`;
const MAINTENANCE = maintenance('conference');
async function freshExportJob(module = 'conference'): Promise<string> {
  const res = await full.json('POST', `${maintenance(module)}/exports`, { from: '2090-01-01T00:00:00Z', to: '2090-01-02T00:00:00Z', target: { kind: 'zip' } });
  return ((await res.json()) as { id: string }).id;
}
async function finishedZipExport(module = 'conference'): Promise<string> {
  const id = await freshExportJob(module);
  const zipKey = `exports/${id}.zip`;
  await h.deps.blobs!.put(zipKey, new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]), {});
  await h.deps.db.update(jobs).set({ status: 'done', result: { exported: 0, files: 0, bytes: 0, zipKey, expiresAt: new Date(Date.now() + 86_400_000).toISOString() }, finishedAt: now() }).where(eq(jobs.id, id));
  return id;
}
/** v-rec: a recorded call between extension 7101 and an outside number, its audio stored. */
const freshRecording = async () => (await insertRecording(h, { participants: [{ number: '7101', internal: true }, { number: '+5511999990000', internal: false }] })).id;
const roomLimitLifted = () => h.deps.db.update(sites).set({ conferenceMaxRooms: 100_000 });
const roomBody = () => ({ number: String(++roomSerial), participantPin: '1234', adminPin: '5678', startsAt: new Date(Date.now() + 86_400_000 + roomSerial * 7_200_000).toISOString(), endsAt: new Date(Date.now() + 90_000_000 + roomSerial * 7_200_000).toISOString() });
const roomForm = () => {
  const b = roomBody();
  return { siteId: h.org.siteId, number: b.number, participantPin: b.participantPin, adminPin: b.adminPin, startsAt: utcToLocal(new Date(b.startsAt), 'America/Sao_Paulo'), endsAt: utcToLocal(new Date(b.endsAt), 'America/Sao_Paulo'), maxParticipants: '50' };
};
async function conferenceSettingsForm(): Promise<Record<string, string>> {
  const all = await h.deps.db.select({ id: sites.id }).from(sites).where(eq(sites.orgId, h.org.orgId));
  const form: Record<string, string> = {};
  all.forEach((site, i) => Object.assign(form, { [`maxRooms.${i}.siteId`]: site.id, [`maxRooms.${i}.maxRooms`]: '1000' }));
  for (const l of ['pt-BR', 'en', 'es']) Object.assign(form, { [`templates.${l}.subject`]: 'Recording {room}', [`templates.${l}.body`]: '{name} {start} {end}' });
  return form;
}

const VIEW = ['system', 'view'] as const;
const CREATE = ['system', 'create'] as const;
const EDIT = ['system', 'edit'] as const;
const DELETE = ['system', 'delete'] as const;
const CONFIGURE = ['system', 'configure'] as const;
const VM_VIEW = ['vmailer', 'view'] as const;
const VM_LISTEN = ['vmailer', 'listen'] as const;
const VM_DELETE = ['vmailer', 'delete'] as const;
const VM_EMAIL = ['vmailer', 'email'] as const;
const VM_EXPORT = ['vmailer', 'export'] as const;
const VM_CONFIGURE = ['vmailer', 'configure'] as const;
const EXPORT = ['system', 'export'] as const;
const CF_VIEW = ['vconference', 'view'] as const;
const CF_CREATE = ['vconference', 'create'] as const;
const CF_EDIT = ['vconference', 'edit'] as const;
const CF_DELETE = ['vconference', 'delete'] as const;
const CF_LISTEN = ['vconference', 'listen'] as const;
const CF_EMAIL = ['vconference', 'email'] as const;
const CF_EXPORT = ['vconference', 'export'] as const;
const CF_CONFIGURE = ['vconference', 'configure'] as const;
const VR_VIEW = ['vrec', 'view'] as const;
const VR_EDIT = ['vrec', 'edit'] as const;
const VR_DELETE = ['vrec', 'delete'] as const;
const VR_LISTEN = ['vrec', 'listen'] as const;
const VR_EMAIL = ['vrec', 'email'] as const;
const VR_EXPORT = ['vrec', 'export'] as const;
const VR_CONFIGURE = ['vrec', 'configure'] as const;

const api = (method: RouteCase['method'], route: string, needs: Need, allowed: number, request: () => Promise<Req>, variant?: string): RouteCase => ({
  method, route: `/api/v1${route}`, needs, allowed, request, ...(variant ? { variant } : {}),
});
const at = (path: string, body?: unknown) => async (): Promise<Req> => ({ path: `/api/v1${path}`, body });

const API_CASES: RouteCase[] = [
  api('GET', '/users', VIEW, 200, at('/users')),
  api('GET', '/users', EXPORT, 200, at('/users?format=csv'), 'csv'),
  api('POST', '/users', CREATE, 201, async () => ({ path: '/api/v1/users', body: { fullName: 'New', email: `${next('new')}@example.test`, password: 'a-good-password' } })),
  api('POST', '/users/delete', DELETE, 204, async () => ({ path: '/api/v1/users/delete', body: { ids: [(await freshUser()).id] } })),
  api('GET', '/users/:id', VIEW, 200, async () => ({ path: `/api/v1/users/${(await freshUser()).id}` })),
  api('PATCH', '/users/:id', EDIT, 200, async () => ({ path: `/api/v1/users/${(await freshUser()).id}`, body: { fullName: 'Changed' } })),
  api('DELETE', '/users/:id', DELETE, 204, async () => ({ path: `/api/v1/users/${(await freshUser()).id}` })),

  api('GET', '/groups', VIEW, 200, at('/groups')),
  api('GET', '/groups', EXPORT, 200, at('/groups?format=pdf'), 'pdf'),
  api('POST', '/groups', CREATE, 201, async () => ({ path: '/api/v1/groups', body: { name: next('g') } })),
  api('POST', '/groups/delete', DELETE, 204, async () => ({ path: '/api/v1/groups/delete', body: { ids: [await freshGroup()] } })),
  api('GET', '/groups/:id', VIEW, 200, async () => ({ path: `/api/v1/groups/${await freshGroup()}` })),
  api('PATCH', '/groups/:id', EDIT, 200, async () => ({ path: `/api/v1/groups/${await freshGroup()}`, body: { name: 'Changed' } })),
  api('DELETE', '/groups/:id', DELETE, 204, async () => ({ path: `/api/v1/groups/${await freshGroup()}` })),
  api('POST', '/groups/:id/members', EDIT, 204, async () => ({ path: `/api/v1/groups/${await freshGroup()}/members`, body: { userIds: [(await freshUser()).id] } })),
  api('POST', '/groups/:id/members/delete', EDIT, 204, async () => {
    const m = await freshMembership();
    return { path: `/api/v1/groups/${m.groupId}/members/delete`, body: { userIds: [m.userId] } };
  }),
  api('PATCH', '/groups/:id/members/:userId', EDIT, 204, async () => {
    const m = await freshMembership();
    return { path: `/api/v1/groups/${m.groupId}/members/${m.userId}`, body: { supervisor: true } };
  }),

  api('GET', '/profiles', VIEW, 200, at('/profiles')),
  api('GET', '/profiles', EXPORT, 200, at('/profiles?format=csv'), 'csv'),
  api('POST', '/profiles', CREATE, 201, async () => ({ path: '/api/v1/profiles', body: { name: next('p'), permissions: {} } })),
  api('POST', '/profiles/delete', DELETE, 204, async () => ({ path: '/api/v1/profiles/delete', body: { ids: [await freshProfile()] } })),
  api('GET', '/profiles/:id', VIEW, 200, async () => ({ path: `/api/v1/profiles/${await freshProfile()}` })),
  api('PATCH', '/profiles/:id', EDIT, 200, async () => ({ path: `/api/v1/profiles/${await freshProfile()}`, body: { description: 'Changed' } })),
  api('DELETE', '/profiles/:id', DELETE, 204, async () => ({ path: `/api/v1/profiles/${await freshProfile()}` })),

  api('GET', '/sites', CONFIGURE, 200, at('/sites')),
  api('GET', '/sites', EXPORT, 200, at('/sites?format=csv'), 'csv'),
  api('POST', '/sites', CONFIGURE, 201, async () => ({ path: '/api/v1/sites', body: { name: next('s'), timeZone: 'UTC' } })),
  api('POST', '/sites/delete', CONFIGURE, 204, async () => ({ path: '/api/v1/sites/delete', body: { ids: [await freshSite()] } })),
  api('GET', '/sites/:id', CONFIGURE, 200, async () => ({ path: `/api/v1/sites/${await freshSite()}` })),
  api('PATCH', '/sites/:id', CONFIGURE, 200, async () => ({ path: `/api/v1/sites/${await freshSite()}`, body: { pbxHost: 'changed' } })),
  api('DELETE', '/sites/:id', CONFIGURE, 204, async () => ({ path: `/api/v1/sites/${await freshSite()}` })),
  api('POST', '/sites/:id/sync', CONFIGURE, 201, async () => ({ path: `/api/v1/sites/${await freshSite()}/sync`, body: {} })),
  api('POST', '/sites/:id/sync/test', CONFIGURE, 200, async () => ({ path: `/api/v1/sites/${await freshSite()}/sync/test`, body: {} })),

  api('GET', '/jobs/:id', CONFIGURE, 200, async () => ({ path: `/api/v1/jobs/${await freshJob()}` })),
  api('POST', '/jobs/:id/stop', CONFIGURE, 200, async () => ({ path: `/api/v1/jobs/${await freshJob()}/stop`, body: {} })),

  api('GET', '/tokens', CONFIGURE, 200, at('/tokens')),
  api('GET', '/tokens', EXPORT, 200, at('/tokens?format=csv'), 'csv'),
  api('POST', '/tokens', CONFIGURE, 201, async () => ({ path: '/api/v1/tokens', body: { name: next('t'), kind: 'integration' } })),
  api('POST', '/tokens/revoke', CONFIGURE, 204, async () => ({ path: '/api/v1/tokens/revoke', body: { ids: [await freshToken()] } })),
  api('GET', '/tokens/:id', CONFIGURE, 200, async () => ({ path: `/api/v1/tokens/${await freshToken()}` })),
  api('PATCH', '/tokens/:id', CONFIGURE, 200, async () => ({ path: `/api/v1/tokens/${await freshToken()}`, body: { name: next('renamed') } })),
  api('DELETE', '/tokens/:id', CONFIGURE, 204, async () => ({ path: `/api/v1/tokens/${await freshToken()}` })),

  api('GET', '/audit', VIEW, 200, at('/audit')),
  api('GET', '/audit', EXPORT, 200, at('/audit?format=csv'), 'csv'),

  api('GET', '/jobs', CONFIGURE, 200, at('/jobs')),
  api('GET', '/jobs', EXPORT, 200, at('/jobs?format=csv'), 'csv'),

  api('GET', '/webhooks', CONFIGURE, 200, at('/webhooks')),
  api('GET', '/webhooks', EXPORT, 200, at('/webhooks?format=csv'), 'csv'),
  api('POST', '/webhooks', CONFIGURE, 201, async () => ({ path: '/api/v1/webhooks', body: { url: `https://crm.example.com/${next('new')}`, events: ['user.created'] } })),
  api('GET', '/webhooks/:id', CONFIGURE, 200, async () => ({ path: `/api/v1/webhooks/${await freshEndpoint()}` })),
  api('PATCH', '/webhooks/:id', CONFIGURE, 200, async () => ({ path: `/api/v1/webhooks/${await freshEndpoint()}`, body: { description: 'Changed' } })),
  api('DELETE', '/webhooks/:id', CONFIGURE, 204, async () => ({ path: `/api/v1/webhooks/${await freshEndpoint()}` })),
  api('POST', '/webhooks/:id/rotate-secret', CONFIGURE, 200, async () => ({ path: `/api/v1/webhooks/${await freshEndpoint()}/rotate-secret`, body: {} })),
  api('POST', '/webhooks/:id/test', CONFIGURE, 202, async () => ({ path: `/api/v1/webhooks/${await freshEndpoint()}/test`, body: {} })),
  api('GET', '/webhooks/:id/deliveries', CONFIGURE, 200, async () => ({ path: `/api/v1/webhooks/${(await freshDelivery()).endpointId}/deliveries` })),
  api('GET', '/webhooks/:id/deliveries', EXPORT, 200, async () => ({ path: `/api/v1/webhooks/${(await freshDelivery()).endpointId}/deliveries?format=csv` }), 'csv'),
  api('POST', '/webhooks/:id/deliveries/:deliveryId/replay', CONFIGURE, 202, async () => {
    const d = await freshDelivery();
    return { path: `/api/v1/webhooks/${d.endpointId}/deliveries/${d.deliveryId}/replay`, body: {} };
  }),
  api('POST', '/webhooks/:id/replay', CONFIGURE, 200, async () => ({
    path: `/api/v1/webhooks/${(await freshDelivery()).endpointId}/replay`, body: { from: '2020-01-01T00:00:00Z', to: '2099-01-01T00:00:00Z' },
  })),

  api('GET', '/voicemail/messages', VM_VIEW, 200, at('/voicemail/messages')),
  api('GET', '/voicemail/messages', VM_EXPORT, 200, at('/voicemail/messages?format=csv'), 'csv'),
  api('GET', '/voicemail/messages/:id', VM_VIEW, 200, async () => ({ path: `/api/v1/voicemail/messages/${await freshMessage()}` })),
  api('PATCH', '/voicemail/messages/:id', VM_VIEW, 200, async () => ({ path: `/api/v1/voicemail/messages/${await freshMessage()}`, body: { heard: true } })),
  api('GET', '/voicemail/messages/:id/audio', VM_LISTEN, 200, async () => ({ path: `/api/v1/voicemail/messages/${await freshMessage()}/audio?format=mp3` })),
  api('DELETE', '/voicemail/messages/:id', VM_DELETE, 204, async () => ({ path: `/api/v1/voicemail/messages/${await freshMessage()}` })),
  api('POST', '/voicemail/messages/delete', VM_DELETE, 204, async () => ({ path: '/api/v1/voicemail/messages/delete', body: { ids: [await freshMessage()] } })),
  api('POST', '/voicemail/messages/download', VM_LISTEN, 200, async () => ({ path: '/api/v1/voicemail/messages/download', body: { ids: [await freshMessage()] } })),
  api('POST', '/voicemail/messages/email', VM_EMAIL, 202, async () => ({ path: '/api/v1/voicemail/messages/email', body: { ids: [await freshMessage()] } })),
  api('GET', '/voicemail/settings', VM_CONFIGURE, 200, at('/voicemail/settings')),
  api('PUT', '/voicemail/settings', VM_CONFIGURE, 200, at('/voicemail/settings', { defaultProfile: { mainAction: 'email', attachmentFormat: 'mp3', hearDetails: true, alternateEmailEnabled: false } })),
  api('POST', '/voicemail/settings/apply-default-profile', VM_CONFIGURE, 200, at('/voicemail/settings/apply-default-profile', {})),
  api('GET', '/voicemail/profile', VM_VIEW, 200, at('/voicemail/profile')),
  api('PUT', '/voicemail/profile', VM_VIEW, 200, at('/voicemail/profile', { hearDetails: false })),

  api('GET', '/mail/settings', CONFIGURE, 200, at('/mail/settings')),
  api('PUT', '/mail/settings', CONFIGURE, 200, at('/mail/settings', { provider: 'outbox', fromAddress: 'pbx@example.test' })),
  api('POST', '/mail/test', CONFIGURE, 202, at('/mail/test', { to: 'someone@example.test' })),
  api('GET', '/mail/messages', CONFIGURE, 200, at('/mail/messages')),
  api('GET', '/mail/messages', EXPORT, 200, at('/mail/messages?format=csv'), 'csv'),
  api('GET', '/mail/messages/:id', CONFIGURE, 200, async () => ({ path: `/api/v1/mail/messages/${await freshMail()}` })),
  api('GET', '/mail/messages/:id/eml', CONFIGURE, 200, async () => ({ path: `/api/v1/mail/messages/${await sentMail()}/eml` })),
  api('POST', '/mail/messages/:id/retry', CONFIGURE, 200, async () => ({ path: `/api/v1/mail/messages/${await freshMail('failed')}/retry`, body: {} })),

  api('GET', '/conference/rooms', CF_VIEW, 200, at('/conference/rooms')),
  api('GET', '/conference/rooms', CF_EXPORT, 200, at('/conference/rooms?format=csv'), 'csv'),
  api('POST', '/conference/rooms', CF_CREATE, 201, async () => (await roomLimitLifted(), { path: '/api/v1/conference/rooms', body: roomBody() })),
  api('GET', '/conference/rooms/:id', CF_VIEW, 200, async () => ({ path: `/api/v1/conference/rooms/${await freshRoom()}` })),
  api('PATCH', '/conference/rooms/:id', CF_EDIT, 200, async () => ({ path: `/api/v1/conference/rooms/${await freshRoom()}`, body: { subject: 'Changed' } })),
  api('DELETE', '/conference/rooms/:id', CF_DELETE, 204, async () => ({ path: `/api/v1/conference/rooms/${await freshRoom()}` })),
  api('GET', '/conference/rooms/:id/live', CF_VIEW, 200, async () => ({ path: `/api/v1/conference/rooms/${await freshLiveRoom()}/live` })),
  api('POST', '/conference/rooms/:id/live/commands', CF_EDIT, 202, async () => ({ path: `/api/v1/conference/rooms/${await freshLiveRoom()}/live/commands`, body: { action: 'lock' } })),
  api('GET', '/conference/invitee-candidates', CF_VIEW, 200, at('/conference/invitee-candidates?q=a')),
  api('GET', '/conference/history', CF_VIEW, 200, at('/conference/history')),
  api('GET', '/conference/history', CF_EXPORT, 200, at('/conference/history?format=pdf'), 'pdf'),
  api('POST', '/conference/history/email', CF_EMAIL, 202, async () => ({ path: '/api/v1/conference/history/email', body: { ids: [await freshHistory()] } })),
  api('GET', '/conference/history/:id', CF_VIEW, 200, async () => ({ path: `/api/v1/conference/history/${await freshHistory()}` })),
  api('GET', '/conference/history/:id/audio', CF_LISTEN, 200, async () => ({ path: `/api/v1/conference/history/${await freshHistory()}/audio?format=wav` })),
  api('DELETE', '/conference/history/:id', CF_DELETE, 204, async () => ({ path: `/api/v1/conference/history/${await freshHistory()}` })),
  api('GET', '/conference/settings', CF_CONFIGURE, 200, at('/conference/settings')),
  api('GET', '/recordings/settings', VR_CONFIGURE, 200, at('/recordings/settings')),
  api('PUT', '/recordings/settings', VR_CONFIGURE, 200, at('/recordings/settings', { minDurationSeconds: 0 })),
  api('GET', '/recordings', VR_VIEW, 200, at('/recordings')),
  api('GET', '/recordings', VR_EXPORT, 200, at('/recordings?format=csv'), 'csv'),
  api('GET', '/recordings/:id', VR_VIEW, 200, async () => ({ path: `/api/v1/recordings/${await freshRecording()}` })),
  api('POST', '/recordings/:id/notes', VR_EDIT, 201, async () => ({ path: `/api/v1/recordings/${await freshRecording()}/notes`, body: { body: 'Called back.' } })),
  api('GET', '/recordings/:id/audio', VR_LISTEN, 200, async () => ({ path: `/api/v1/recordings/${await freshRecording()}/audio?format=wav` })),
  api('DELETE', '/recordings/:id', VR_DELETE, 204, async () => ({ path: `/api/v1/recordings/${await freshRecording()}` })),
  api('POST', '/recordings/delete', VR_DELETE, 200, async () => ({ path: '/api/v1/recordings/delete', body: { ids: [await freshRecording()] } })),
  api('POST', '/recordings/email', VR_EMAIL, 202, async () => ({ path: '/api/v1/recordings/email', body: { ids: [await freshRecording()], format: 'mp3' } })),
  api('POST', '/recordings/zip', VR_EXPORT, 200, async () => ({ path: '/api/v1/recordings/zip', body: { ids: [await freshRecording()], format: 'wav' } })),
  api('POST', '/recordings-maintenance/:module/exports', CF_EXPORT, 201, at('/recordings-maintenance/conference/exports', { from: '2091-01-01T00:00:00Z', to: '2091-01-02T00:00:00Z', target: { kind: 'zip' } })),
  api('POST', '/recordings-maintenance/:module/deletes', CF_DELETE, 201, at('/recordings-maintenance/conference/deletes', { from: '2091-01-01T00:00:00Z', to: '2091-01-02T00:00:00Z' })),
  api('GET', '/recordings-maintenance/:module/jobs', CF_VIEW, 200, at('/recordings-maintenance/conference/jobs')),
  api('GET', '/recordings-maintenance/:module/jobs/:id', CF_EXPORT, 200, async () => ({ path: `${MAINTENANCE}/jobs/${await freshExportJob()}` })),
  api('POST', '/recordings-maintenance/:module/jobs/:id/stop', CF_EXPORT, 200, async () => ({ path: `${MAINTENANCE}/jobs/${await freshExportJob()}/stop`, body: {} })),
  api('GET', '/recordings-maintenance/:module/jobs/:id/download', CF_EXPORT, 200, async () => ({ path: `${MAINTENANCE}/jobs/${await finishedZipExport()}/download` })),
  api('PUT', '/conference/settings', CF_CONFIGURE, 200, async () => ({ path: '/api/v1/conference/settings', body: { maxRooms: [{ siteId: h.org.siteId, maxRooms: 1000 }] } })),
];

/** API routes every signed-in user reaches whatever the profile, and the node API (node tokens only). */
const API_OPEN = ['GET /api/v1/me', 'PATCH /api/v1/me', 'POST /api/v1/session', 'DELETE /api/v1/session', 'GET /api/v1/openapi.json',
  'POST /api/v1/node/heartbeat', 'GET /api/v1/node/config', 'POST /api/v1/node/events', 'POST /api/v1/node/uploads', 'PUT /api/v1/node/blobs/:key{.+}', 'POST /api/v1/node/audio',
  'GET /api/v1/node/voicemail/mailboxes/:extension', 'POST /api/v1/node/voicemail/mailboxes/:extension/pin', 'PUT /api/v1/node/voicemail/mailboxes/:extension/pin',
  'GET /api/v1/node/voicemail/mailboxes/:extension/messages', 'POST /api/v1/node/voicemail/messages/:id/heard', 'DELETE /api/v1/node/voicemail/messages/:id',
  'GET /api/v1/node/voicemail/audio/:audioId', 'GET /api/v1/node/voicemail/mwi',
  'GET /api/v1/node/conference/rooms/:number', 'POST /api/v1/node/conference/rooms/:number/pin', 'PUT /api/v1/node/conference/private-rooms/:extension/pin', 'PUT /api/v1/node/conference/live',
  'POST /api/v1/node/jobs/claim', 'PUT /api/v1/node/jobs/:id/progress', 'POST /api/v1/node/jobs/:id/finish', 'GET /api/v1/node/jobs/:id/items', 'GET /api/v1/node/jobs/:id/items/:recordingId/:format',
];

const page = (method: 'GET' | 'POST', route: string, needs: Need, allowed: number, request: () => Promise<Req>, variant?: string): RouteCase => ({
  method, route, needs, allowed, request, ...(variant ? { variant } : {}),
});
const to = (path: string, form?: Record<string, string | string[]>) => async (): Promise<Req> => ({ path, ...(form ? { form } : {}) });
const siteForm = (name: string) => ({ name, timeZone: 'UTC', voicemailOwnCode: '1001', voicemailOtherCode: '1002', conferenceCode: '1006', pbxHost: '', syncIntervalMinutes: '60', pbxKind: 'none' });

const PAGE_CASES: RouteCase[] = [
  page('GET', '/users', VIEW, 200, to('/users')),
  page('GET', '/users', EXPORT, 200, to('/users?format=csv'), 'csv'),
  page('GET', '/users/new', CREATE, 200, to('/users/new')),
  page('POST', '/users/new', CREATE, 303, async () => {
    const email = `${next('formnew')}@example.test`;
    return { path: '/users/new', form: { fullName: 'Form New', email, emailConfirmation: email, password: 'a-good-password', passwordConfirmation: 'a-good-password', siteMode: 'all' } };
  }),
  page('POST', '/users/delete', DELETE, 303, async () => ({ path: '/users/delete', form: { ids: [(await freshUser()).id] } })),
  page('GET', '/users/:id', VIEW, 200, async () => ({ path: `/users/${(await freshUser()).id}` })),
  page('POST', '/users/:id', EDIT, 303, async () => {
    const u = await freshUser();
    return { path: `/users/${u.id}`, form: { fullName: 'Form Changed', email: u.email, emailConfirmation: u.email, siteMode: 'all' } };
  }),

  page('GET', '/groups', VIEW, 200, to('/groups')),
  page('GET', '/groups', EXPORT, 200, to('/groups?format=csv'), 'csv'),
  page('GET', '/groups/new', CREATE, 200, to('/groups/new')),
  page('POST', '/groups/new', CREATE, 303, async () => ({ path: '/groups/new', form: { name: next('fg') } })),
  page('POST', '/groups/delete', DELETE, 303, async () => ({ path: '/groups/delete', form: { ids: [await freshGroup()] } })),
  page('GET', '/groups/:id', VIEW, 200, async () => ({ path: `/groups/${await freshGroup()}` })),
  page('POST', '/groups/:id', EDIT, 303, async () => ({ path: `/groups/${await freshGroup()}`, form: { name: 'Form changed' } })),
  page('POST', '/groups/:id/members', EDIT, 303, async () => {
    const m = await freshMembership();
    return { path: `/groups/${m.groupId}/members`, form: { members: [m.userId], [`supervisor.${m.userId}`]: '1', [`position.${m.userId}`]: '0' } };
  }),
  page('POST', '/groups/:id/members/remove', EDIT, 303, async () => {
    const m = await freshMembership();
    return { path: `/groups/${m.groupId}/members/remove`, form: { ids: [m.userId] } };
  }),
  page('GET', '/groups/:id/add', EDIT, 200, async () => ({ path: `/groups/${await freshGroup()}/add` })),
  page('POST', '/groups/:id/add', EDIT, 303, async () => ({ path: `/groups/${await freshGroup()}/add`, form: { ids: [(await freshUser()).id] } })),

  page('GET', '/profiles', VIEW, 200, to('/profiles')),
  page('GET', '/profiles', EXPORT, 200, to('/profiles?format=pdf'), 'pdf'),
  page('GET', '/profiles/new', CREATE, 200, to('/profiles/new')),
  page('POST', '/profiles/new', CREATE, 303, async () => ({ path: '/profiles/new', form: { name: next('fp'), 'perm.vrec': ['view'] } })),
  page('POST', '/profiles/delete', DELETE, 303, async () => ({ path: '/profiles/delete', form: { ids: [await freshProfile()] } })),
  page('GET', '/profiles/:id', VIEW, 200, async () => ({ path: `/profiles/${await freshProfile()}` })),
  page('POST', '/profiles/:id', EDIT, 303, async () => ({ path: `/profiles/${await freshProfile()}`, form: { name: next('fp2'), 'perm.vrec': ['view'] } })),

  page('GET', '/sites', CONFIGURE, 200, to('/sites')),
  page('GET', '/sites', EXPORT, 200, to('/sites?format=csv'), 'csv'),
  page('GET', '/sites/new', CONFIGURE, 200, to('/sites/new')),
  page('POST', '/sites/new', CONFIGURE, 303, async () => ({ path: '/sites/new', form: siteForm(next('fs')) })),
  page('POST', '/sites/delete', CONFIGURE, 303, async () => ({ path: '/sites/delete', form: { ids: [await freshSite()] } })),
  page('GET', '/sites/:id', CONFIGURE, 200, async () => ({ path: `/sites/${await freshSite()}` })),
  page('POST', '/sites/:id', CONFIGURE, 303, async () => ({ path: `/sites/${await freshSite()}`, form: siteForm(next('fs2')) })),

  page('GET', '/tokens', CONFIGURE, 200, to('/tokens')),
  page('GET', '/tokens', EXPORT, 200, to('/tokens?format=csv'), 'csv'),
  page('GET', '/tokens/new', CONFIGURE, 200, to('/tokens/new')),
  page('POST', '/tokens/new', CONFIGURE, 201, async () => ({ path: '/tokens/new', form: { name: next('ft'), kind: 'integration' } })),
  page('POST', '/tokens/revoke', CONFIGURE, 303, async () => ({ path: '/tokens/revoke', form: { ids: [await freshToken()] } })),

  page('GET', '/audit', VIEW, 200, to('/audit')),
  page('GET', '/audit', EXPORT, 200, to('/audit?format=csv'), 'csv'),

  page('GET', '/sync', CONFIGURE, 200, to('/sync')),
  page('POST', '/sync/:siteId/start', CONFIGURE, 303, async () => ({ path: `/sync/${await freshSite()}/start`, form: {} })),
  page('POST', '/sync/:siteId/test', CONFIGURE, 200, async () => ({ path: `/sync/${await freshSite()}/test`, form: {} })),
  page('GET', '/sync/jobs/:id', CONFIGURE, 200, async () => ({ path: `/sync/jobs/${await freshJob()}` })),
  page('POST', '/sync/jobs/:id/stop', CONFIGURE, 303, async () => ({ path: `/sync/jobs/${await freshJob()}/stop`, form: {} })),

  page('GET', '/jobs', CONFIGURE, 200, to('/jobs')),
  page('GET', '/jobs', EXPORT, 200, to('/jobs?format=csv'), 'csv'),
  page('POST', '/jobs/stop', CONFIGURE, 303, async () => ({ path: '/jobs/stop', form: { ids: [await freshJob()] } })),

  page('GET', '/webhooks', CONFIGURE, 200, to('/webhooks')),
  page('GET', '/webhooks', EXPORT, 200, to('/webhooks?format=csv'), 'csv'),
  page('GET', '/webhooks/new', CONFIGURE, 200, to('/webhooks/new')),
  page('POST', '/webhooks/new', CONFIGURE, 201, async () => ({ path: '/webhooks/new', form: { url: `https://crm.example.com/${next('form')}`, eventsMode: 'all', sitesMode: 'all', active: 'on' } })),
  page('GET', '/webhooks/:id', CONFIGURE, 200, async () => ({ path: `/webhooks/${await freshEndpoint()}` })),
  page('GET', '/webhooks/:id', EXPORT, 200, async () => ({ path: `/webhooks/${(await freshDelivery()).endpointId}?format=csv` }), 'csv'),
  page('GET', '/webhooks/:id/log/:outcome', CONFIGURE, 200, async () => ({ path: `/webhooks/${await freshEndpoint()}/log/failed` })),
  page('POST', '/webhooks/:id', CONFIGURE, 303, async () => ({ path: `/webhooks/${await freshEndpoint()}`, form: { url: `https://crm.example.com/${next('edit')}`, eventsMode: 'all', sitesMode: 'all', active: 'on' } })),
  page('POST', '/webhooks/:id/enable', CONFIGURE, 303, async () => ({ path: `/webhooks/${await freshEndpoint()}/enable`, form: {} })),
  page('POST', '/webhooks/:id/disable', CONFIGURE, 303, async () => ({ path: `/webhooks/${await freshEndpoint()}/disable`, form: {} })),
  page('POST', '/webhooks/:id/delete', CONFIGURE, 303, async () => ({ path: `/webhooks/${await freshEndpoint()}/delete`, form: {} })),
  page('POST', '/webhooks/:id/test', CONFIGURE, 303, async () => ({ path: `/webhooks/${await freshEndpoint()}/test`, form: {} })),
  page('POST', '/webhooks/:id/rotate', CONFIGURE, 200, async () => ({ path: `/webhooks/${await freshEndpoint()}/rotate`, form: { overlapHours: '24' } })),
  page('POST', '/webhooks/:id/deliveries/:deliveryId/replay', CONFIGURE, 303, async () => {
    const d = await freshDelivery();
    return { path: `/webhooks/${d.endpointId}/deliveries/${d.deliveryId}/replay`, form: {} };
  }),
  page('POST', '/webhooks/:id/replay', CONFIGURE, 303, async () => ({ path: `/webhooks/${(await freshDelivery()).endpointId}/replay`, form: { from: '2020-01-01', to: '2099-01-01' } })),

  page('GET', '/voicemail', VM_VIEW, 200, to('/voicemail')),
  page('GET', '/voicemail', VM_EXPORT, 200, to('/voicemail?format=csv'), 'csv'),
  page('POST', '/voicemail/heard', VM_VIEW, 303, async () => ({ path: '/voicemail/heard', form: { ids: [await freshMessage()] } })),
  page('POST', '/voicemail/delete', VM_DELETE, 303, async () => ({ path: '/voicemail/delete', form: { ids: [await freshMessage()] } })),
  page('POST', '/voicemail/download', VM_LISTEN, 200, async () => ({ path: '/voicemail/download', form: { ids: [await freshMessage()], format: 'mp3' } })),
  page('POST', '/voicemail/email', VM_EMAIL, 303, async () => ({ path: '/voicemail/email', form: { ids: [await freshMessage()] } })),
  page('GET', '/voicemail/settings', VM_CONFIGURE, 200, to('/voicemail/settings')),
  page('POST', '/voicemail/settings', VM_CONFIGURE, 303, async () => {
    // The form carries every site's limits, in the order the page shows them.
    const current = await getVoicemailSettings(h.deps.db, scope());
    const form: Record<string, string> = { 'defaultProfile.mainAction': 'email', 'defaultProfile.attachmentFormat': 'mp3' };
    current.limits.forEach((l, i) => Object.assign(form, { [`limits.${i}.siteId`]: l.siteId, [`limits.${i}.maxMessages`]: '100', [`limits.${i}.maxSeconds`]: '180' }));
    for (const [lang, t] of Object.entries(current.templates)) Object.assign(form, { [`templates.${lang}.subject`]: t.subject, [`templates.${lang}.body`]: t.body });
    return { path: '/voicemail/settings', form };
  }),
  page('POST', '/voicemail/settings/apply-default-profile', VM_CONFIGURE, 303, to('/voicemail/settings/apply-default-profile', {})),
  page('GET', '/voicemail/profile', VM_VIEW, 200, to('/voicemail/profile')),
  page('POST', '/voicemail/profile', VM_VIEW, 303, to('/voicemail/profile', { mainAction: 'email', attachmentFormat: 'mp3', hearDetails: 'on', alternateEmail: '' })),

  page('GET', '/mail', CONFIGURE, 200, to('/mail')),
  page('GET', '/mail', EXPORT, 200, to('/mail?format=csv'), 'csv'),
  page('POST', '/mail/retry', CONFIGURE, 303, async () => ({ path: '/mail/retry', form: { ids: [await freshMail('failed')] } })),
  page('GET', '/settings/mail', CONFIGURE, 200, to('/settings/mail')),
  page('POST', '/settings/mail', CONFIGURE, 303, to('/settings/mail', { provider: 'outbox', fromAddress: 'pbx@example.test', fromName: 'Ramal' })),
  page('POST', '/settings/mail/test', CONFIGURE, 303, to('/settings/mail/test', { to: 'someone@example.test' })),

  page('GET', '/conference', CF_VIEW, 200, to('/conference')),
  page('GET', '/conference', CF_EXPORT, 200, to('/conference?format=csv'), 'csv'),
  page('GET', '/conference/new', CF_CREATE, 200, to('/conference/new')),
  page('POST', '/conference/new', CF_CREATE, 303, async () => (await roomLimitLifted(), { path: '/conference/new', form: roomForm() })),
  page('GET', '/conference/history', CF_VIEW, 200, to('/conference/history')),
  page('GET', '/conference/history', CF_EXPORT, 200, to('/conference/history?format=csv'), 'csv'),
  page('POST', '/conference/history/email', CF_EMAIL, 303, async () => ({ path: '/conference/history/email', form: { ids: [await freshHistory()], format: 'mp3' } })),
  page('POST', '/conference/history/delete', CF_DELETE, 303, async () => ({ path: '/conference/history/delete', form: { ids: [await freshHistory()] } })),
  page('GET', '/conference/history/:id', CF_VIEW, 200, async () => ({ path: `/conference/history/${await freshHistory()}` })),
  page('GET', '/recordings', VR_VIEW, 200, to('/recordings')),
  page('GET', '/recordings', VR_EXPORT, 200, to('/recordings?format=csv'), 'csv'),
  page('POST', '/recordings/download', VR_EXPORT, 200, async () => ({ path: '/recordings/download', form: { ids: [await freshRecording()], format: 'wav' } })),
  page('POST', '/recordings/email', VR_EMAIL, 303, async () => ({ path: '/recordings/email', form: { ids: [await freshRecording()], format: 'mp3' } })),
  page('POST', '/recordings/delete', VR_DELETE, 303, async () => ({ path: '/recordings/delete', form: { ids: [await freshRecording()] } })),
  page('GET', '/recordings/:id', VR_VIEW, 200, async () => ({ path: `/recordings/${await freshRecording()}` })),
  page('GET', '/recordings/:id/download', VR_LISTEN, 200, async () => ({ path: `/recordings/${await freshRecording()}/download?format=wav` })),
  page('POST', '/recordings/:id/notes', VR_EDIT, 303, async () => ({ path: `/recordings/${await freshRecording()}/notes`, form: { body: 'Called back.' } })),
  page('GET', '/recordings/settings', VR_CONFIGURE, 200, to('/recordings/settings')),
  page('POST', '/recordings/settings', VR_CONFIGURE, 303, to('/recordings/settings', { minDurationSeconds: '0', retention: 'off', action: 'save' })),
  page('GET', '/recordings/maintenance', VR_VIEW, 200, to('/recordings/maintenance')),
  page('POST', '/recordings/maintenance/export', VR_EXPORT, 303, to('/recordings/maintenance/export', { range: 'period', from: '2092-01-01', to: '2092-01-02', formats: 'mp3', target: 'zip' })),
  page('POST', '/recordings/maintenance/delete', VR_DELETE, 303, to('/recordings/maintenance/delete', { range: 'period', from: '2092-01-01', to: '2092-01-02', confirm: 'yes' })),
  page('GET', '/recordings/maintenance/jobs/:id', VR_EXPORT, 200, async () => ({ path: `/recordings/maintenance/jobs/${await freshExportJob('calls')}` })),
  page('POST', '/recordings/maintenance/jobs/:id/stop', VR_EXPORT, 303, async () => ({ path: `/recordings/maintenance/jobs/${await freshExportJob('calls')}/stop`, form: {} })),
  page('GET', '/recordings/maintenance/jobs/:id/download', VR_EXPORT, 200, async () => ({ path: `/recordings/maintenance/jobs/${await finishedZipExport('calls')}/download` })),
  page('GET', '/conference/maintenance', CF_VIEW, 200, to('/conference/maintenance')),
  page('POST', '/conference/maintenance/export', CF_EXPORT, 303, to('/conference/maintenance/export', { range: 'period', from: '2092-01-01', to: '2092-01-02', formats: 'mp3', target: 'zip' })),
  page('POST', '/conference/maintenance/delete', CF_DELETE, 303, to('/conference/maintenance/delete', { range: 'period', from: '2092-01-01', to: '2092-01-02', confirm: 'yes' })),
  page('GET', '/conference/maintenance/jobs/:id', CF_EXPORT, 200, async () => ({ path: `/conference/maintenance/jobs/${await freshExportJob()}` })),
  page('POST', '/conference/maintenance/jobs/:id/stop', CF_EXPORT, 303, async () => ({ path: `/conference/maintenance/jobs/${await freshExportJob()}/stop`, form: {} })),
  page('GET', '/conference/maintenance/jobs/:id/download', CF_EXPORT, 200, async () => ({ path: `/conference/maintenance/jobs/${await finishedZipExport()}/download` })),
  page('GET', '/conference/settings', CF_CONFIGURE, 200, to('/conference/settings')),
  page('POST', '/conference/settings', CF_CONFIGURE, 303, async () => ({ path: '/conference/settings', form: await conferenceSettingsForm() })),
  page('GET', '/conference/:id', CF_VIEW, 200, async () => ({ path: `/conference/${await freshRoom()}` })),
  page('POST', '/conference/:id', CF_EDIT, 303, async () => ({ path: `/conference/${await freshRoom()}`, form: roomForm() })),
  page('POST', '/conference/:id/delete', CF_DELETE, 303, async () => ({ path: `/conference/${await freshRoom()}/delete`, form: {} })),
  page('GET', '/conference/:id/live', CF_VIEW, 200, async () => ({ path: `/conference/${await freshLiveRoom()}/live` })),
  page('GET', '/conference/:id/live/fragment', CF_VIEW, 200, async () => ({ path: `/conference/${await freshLiveRoom()}/live/fragment` })),
  page('POST', '/conference/:id/live/commands', CF_EDIT, 303, async () => ({ path: `/conference/${await freshLiveRoom()}/live/commands`, form: { action: 'lock' } })),
];

/** Pages every signed-in user reaches (their own dashboard and account) and the signed-out ones. */
const PAGE_OPEN = [
  'GET /', 'GET /dashboard/gadgets', 'GET /dashboard/gadgets/:id', 'POST /dashboard/layout', 'GET /account', 'POST /account',
  'GET /sign-in', 'POST /sign-in', 'POST /sign-out', 'POST /language',
];
/** Not pages: liveness and static files, open to anyone. */
const NOT_PAGES = ['GET /healthz', 'GET /assets/:name'];

const key = (c: { method: string; route: string }) => `${c.method} ${c.route}`;

/** Every (method, path) the app registers; middleware entries (method ALL) are left out. */
function registered(filter: (path: string) => boolean): string[] {
  return [...new Set(h.app.routes.filter((r) => r.method !== 'ALL' && filter(r.path)).map((r) => `${r.method} ${r.path}`))].sort();
}

async function send(client: TestClient, c: RouteCase): Promise<Response> {
  const req = await c.request();
  if (c.route.startsWith('/api/')) return client.json(c.method, req.path, req.body);
  if (c.method === 'GET') return client.get(req.path);
  return client.form(req.path, req.form ?? {});
}

const walkers = new Map<string, TestClient>();
let full: TestClient;

beforeAll(async () => {
  h = await createHarness();
  pbx = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify([{ number: '100', name: 'Reception', email: 'reception@example.test' }]));
  });
  await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
  pbxUrl = `http://127.0.0.1:${(pbx.address() as AddressInfo).port}/extensions`;
  // One signed-in user per permission the tables name, each lacking exactly that one.
  for (const [module, action] of new Set([...API_CASES, ...PAGE_CASES].map((c) => c.needs))) {
    const id = `${module}.${action}`;
    if (!walkers.has(id)) walkers.set(id, (await userWithMatrix(h, matrixWithout(module, action), { name: `Without ${id}` })).client);
  }
  full = (await userWithMatrix(h, FULL_MATRIX, { name: 'Holds everything' })).client;
});
afterAll(async () => {
  await new Promise<void>((resolve) => pbx.close(() => resolve()));
  h.close();
});

describe('the route tables are complete', () => {
  it('every /api/v1 route the app registers is in the permission table or in the open list', () => {
    const known = new Set([...API_CASES.map(key), ...API_OPEN]);
    const app = registered((p) => p.startsWith('/api/v1/'));
    expect(app.filter((r) => !known.has(r))).toEqual([]);
  });

  it('every page route the app registers is in the permission table or in the open list', () => {
    const known = new Set([...PAGE_CASES.map(key), ...PAGE_OPEN, ...NOT_PAGES]);
    const app = registered((p) => !p.startsWith('/api/'));
    expect(app.filter((r) => !known.has(r))).toEqual([]);
  });

  it('the tables name no route the app does not have', () => {
    const app = new Set(registered(() => true));
    const stale = [...API_CASES.map(key), ...API_OPEN, ...PAGE_CASES.map(key), ...PAGE_OPEN, ...NOT_PAGES].filter((r) => !app.has(r));
    expect(stale).toEqual([]);
  });
});

describe.each([
  ['API', API_CASES],
  ['page', PAGE_CASES],
] as const)('%s routes', (_kind, cases) => {
  it.each(cases.map((c) => [`${key(c)}${c.variant ? ` (${c.variant})` : ''} needs ${c.needs.join('.')}`, c] as const))('%s', async (_label, c) => {
    const denied = await send(walkers.get(c.needs.join('.'))!, c);
    expect(denied.status, `without ${c.needs.join('.')}: ${await denied.clone().text()}`.slice(0, 500)).toBe(403);
    if (c.route.startsWith('/api/')) expect((await denied.json()).error.code).toBe('FORBIDDEN');
    const allowed = await send(full, c);
    expect(allowed.status, `with every permission: ${(await allowed.clone().text()).slice(0, 500)}`).toBe(c.allowed);
  });
});

describe('open routes', () => {
  let nobody: TestClient;
  let nobodyEmail: string;
  beforeAll(async () => {
    const u = await userWithMatrix(h, {}, { name: 'No Permissions' });
    nobody = u.client;
    nobodyEmail = u.email;
  });

  it('a user whose profile grants nothing reaches /me, /openapi.json and their own pages', async () => {
    expect((await nobody.get('/api/v1/me')).status).toBe(200);
    expect((await nobody.json('PATCH', '/api/v1/me', { fullName: 'Still Nobody', language: 'en' })).status).toBe(204);
    expect((await nobody.get('/api/v1/openapi.json')).status).toBe(200);
    for (const path of ['/', '/account', '/dashboard/gadgets']) expect((await nobody.get(path)).status, path).toBe(200);
  });

  it('a user whose profile grants nothing can sign in and out', async () => {
    const again = await h.signedIn(nobodyEmail, USER_PASSWORD);
    expect((await again.json('DELETE', '/api/v1/session')).status).toBe(204);
    expect((await again.get('/api/v1/me')).status).toBe(401);
  });

  it('the node API needs a node token: 401 for a session, 204 for a node token', async () => {
    const beat = { version: '1', uptimeSeconds: 1, cpuPercent: 1, memoryUsedBytes: 1, memoryTotalBytes: 2, diskUsedBytes: 1, diskTotalBytes: 2, activeCalls: 0 };
    expect((await full.json('POST', '/api/v1/node/heartbeat', beat)).status).toBe(401);
    const node = h.client();
    node.bearer = (await createToken(h.deps.db, scope(), { name: 'node', kind: 'node', siteId: h.org.siteId }, now())).secret;
    expect((await node.json('POST', '/api/v1/node/heartbeat', beat)).status).toBe(204);
  });
});
