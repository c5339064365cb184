import { Hono, type Context } from 'hono';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { AUDIO_FORMATS, LIVE_ACTIONS, users } from '../../../schema/index.js';
import { ApiError, fieldError, type FieldError } from '../../errors.js';
import { LANGUAGES } from '../../i18n/index.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { ConferenceSettingsInputSchema, getConferenceSettings, saveConferenceSettings, type ConferenceSettingsView } from '../../services/conference/conference-settings.js';
import { mayManageRoom } from '../../services/conference/conference-visibility.js';
import { deleteHistory, emailRecordingsToSelf, getHistory, MAX_EMAIL_RECORDINGS } from '../../services/conference/history-actions.js';
import { historyListSpec } from '../../services/conference/history-list.js';
import { invitationHeader } from '../../services/conference/invitations.js';
import { inviteeCandidates } from '../../services/conference/invitee-search.js';
import { queueCommand, visibleLive } from '../../services/conference/live-state.js';
import { localToUtc, utcToLocal } from '../../services/conference/local-time.js';
import { getRoomDetail, type RoomDetail } from '../../services/conference/room-read.js';
import { roomListSpec } from '../../services/conference/room-list.js';
import { OPTION_KEYS, RoomCreateSchema, RoomUpdateSchema } from '../../services/conference/room-schemas.js';
import { createRoom, deleteRoom, updateRoom } from '../../services/conference/room-write.js';
import { listSites } from '../../services/sites/site-service.js';
import { EmailSchema } from '../../services/users/email.js';
import { errorsByField } from '../../views/form.js';
import { ConferenceHistoryDetailPage, ConferenceHistoryPage } from '../../views/pages/conference-history-pages.js';
import { ConferenceListPage } from '../../views/pages/conference-list-page.js';
import { ConferenceLivePage, LiveParticipants } from '../../views/pages/conference-live-page.js';
import type { PickedUser } from '../../views/pages/conference-invitee-picker.js';
import { ConferenceRoomPage, type RoomFormValues } from '../../views/pages/conference-room-page.js';
import { ConferenceSettingsPage } from '../../views/pages/conference-settings-page.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { pageContext } from './page-context.js';
import { attempt, checkForm, formBody } from './read-form.js';

const text = (form: Record<string, unknown>, key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '');
const list = (form: Record<string, unknown>, key: string) => (form[key] as unknown[]).filter((x): x is string => typeof x === 'string' && x !== '');
const Format = z.enum(AUDIO_FORMATS).catch('mp3');

const addresses = (typed: string[]) => [...new Set(typed.map((e) => e.trim().toLowerCase()).filter(Boolean))];

/** The form's text fields as typed, and the API input they make (local times read in the site's zone). */
async function readRoomForm(c: Context<AppEnv>) {
  const form = await formBody(c, ['options', 'inviteUsers', 'inviteEmail']);
  const sites = await listSites(c.var.deps.db, auth(c).scope);
  const site = sites.find((s) => s.id === text(form, 'siteId')) ?? sites[0];
  const values: RoomFormValues = {
    siteId: site?.id ?? '', number: text(form, 'number').trim(), subject: text(form, 'subject'), participantPin: text(form, 'participantPin').trim(),
    startsAt: text(form, 'startsAt'), endsAt: text(form, 'endsAt'), maxParticipants: text(form, 'maxParticipants') || '50',
    options: new Set(list(form, 'options')), inviteUsers: new Set(list(form, 'inviteUsers')), inviteEmailList: addresses(list(form, 'inviteEmail')),
    inviteEmails: text(form, 'inviteEmails'), inviteSearch: text(form, 'inviteSearch').trim(), description: text(form, 'description').replace(/\r\n/g, '\n'),
  };
  const zone = site?.timeZone ?? 'UTC';
  const timeErrors: FieldError[] = [];
  const instant = (field: 'startsAt' | 'endsAt') => {
    const at = localToUtc(values[field], zone);
    if (!at) timeErrors.push({ field, message: 'conference.err.dateTime' });
    return at?.toISOString() ?? '';
  };
  const input = {
    siteId: values.siteId || undefined, number: values.number, subject: values.subject, participantPin: values.participantPin, adminPin: text(form, 'adminPin').trim() || undefined,
    startsAt: instant('startsAt'), endsAt: instant('endsAt'), maxParticipants: values.maxParticipants, description: values.description,
    options: Object.fromEntries(OPTION_KEYS.map((k) => [k, values.options.has(k)])),
    invitees: { userIds: [...values.inviteUsers], emails: addresses([...values.inviteEmailList, ...values.inviteEmails.split(/[\s,;]+/)]) },
  };
  // The Search button of the picker (pages without scripts) posts the whole form to come back with the people found.
  return { values, input, timeErrors, searching: text(form, 'inviteAction') === 'search' };
}

function storedValues(room: RoomDetail): RoomFormValues {
  return {
    siteId: room.siteId, number: room.number, subject: room.subject, participantPin: room.participantPin, startsAt: utcToLocal(room.startsAt, room.timeZone), endsAt: utcToLocal(room.endsAt, room.timeZone),
    maxParticipants: String(room.maxParticipants), options: new Set(OPTION_KEYS.filter((k) => room.options[k])), inviteUsers: new Set(room.invitees.flatMap((i) => (i.userId ? [i.userId] : []))),
    inviteEmailList: room.invitees.filter((i) => !i.userId).map((i) => i.email), inviteEmails: '', inviteSearch: '', description: room.description,
  };
}

const EMPTY_FORM = (siteId: string): RoomFormValues => ({
  siteId, number: '', subject: '', participantPin: '', startsAt: '', endsAt: '', maxParticipants: '50', options: new Set<string>(), inviteUsers: new Set<string>(),
  inviteEmailList: [], inviteEmails: '', inviteSearch: '', description: '',
});

const picked = (u: { id: string; fullName: string; email: string; extensions?: string[] }, t: ViewT): PickedUser => ({
  id: u.id, name: u.fullName, label: [u.fullName, u.email, u.extensions?.length ? t('conference.picker.extensions', { numbers: u.extensions.join(', ') }) : ''].filter(Boolean).join(' · '),
});
type ViewT = Awaited<ReturnType<typeof pageContext>>['t'];

/** The chosen users of this organization, in the order they were chosen (unknown ids are left for the service to refuse). */
async function invitedUsers(c: Context<AppEnv>, ids: string[], t: ViewT): Promise<PickedUser[]> {
  const { db } = c.var.deps;
  const byId = new Map<string, PickedUser>();
  for (let i = 0; i < ids.length; i += 50) {
    const rows = await db.select({ id: users.id, fullName: users.fullName, email: users.email }).from(users).where(and(eq(users.orgId, auth(c).scope.orgId), inArray(users.id, ids.slice(i, i + 50))));
    for (const u of rows) byId.set(u.id, picked(u, t));
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function renderRoom(c: Context<AppEnv>, room: RoomDetail | null, values: RoomFormValues | null, fields: FieldError[], searching = false) {
  const v = await pageContext(c);
  const { db } = c.var.deps;
  const scope = auth(c).scope;
  const sites = (await listSites(db, scope)).map((s) => ({ id: s.id, name: s.name, timeZone: s.timeZone, conferenceCode: s.conferenceCode }));
  const f = values ?? (room ? storedValues(room) : EMPTY_FORM(sites[0]?.id ?? ''));
  let found: PickedUser[] | null = null;
  if (searching) {
    // An address typed in the search box is chosen as it is; anything else searches the users.
    const address = EmailSchema.safeParse(f.inviteSearch);
    if (address.success && !(await inviteeCandidates(db, scope, address.data)).some((u) => u.email === address.data)) {
      f.inviteEmailList = addresses([...f.inviteEmailList, address.data]);
      f.inviteSearch = '';
    } else {
      found = (await inviteeCandidates(db, scope, f.inviteSearch)).filter((u) => !f.inviteUsers.has(u.id)).map((u) => picked(u, v.t));
    }
  }
  const site = sites.find((s) => s.id === f.siteId) ?? sites[0];
  const zone = site?.timeZone ?? 'UTC';
  const startsAt = localToUtc(f.startsAt, zone);
  const endsAt = localToUtc(f.endsAt, zone);
  const header = startsAt && endsAt && f.number ? invitationHeader({ number: f.number, subject: f.subject, participantPin: f.participantPin, startsAt, endsAt, conferenceCode: site?.conferenceCode ?? '', timeZone: zone }, v.lang) : '';
  const readOnly = room ? room.status !== 'scheduled' || !mayManageRoom(scope, room) || !v.can('vconference', 'edit') : false;
  const page = (
    <ConferenceRoomPage
      v={v} room={room} values={f} errors={errorsByField(v, fields)} sites={sites} invitedUsers={await invitedUsers(c, [...f.inviteUsers], v.t)} found={found} header={header}
      readOnly={readOnly} mayDelete={room ? mayManageRoom(scope, room) && v.can('vconference', 'delete') : false}
    />
  );
  return c.html(page, fields.length ? 400 : 200);
}

async function chosen(c: Context<AppEnv>) {
  const form = await formBody(c, ['ids']);
  const ids = typeof form.id === 'string' && form.id ? [form.id] : list(form, 'ids');
  return { ids, form };
}

async function renderSettings(c: Context<AppEnv>, values: ConferenceSettingsView | null, fields: FieldError[]) {
  const v = await pageContext(c);
  const current = values ?? (await getConferenceSettings(c.var.deps.db, auth(c).scope));
  return c.html(<ConferenceSettingsPage v={v} values={current} errors={errorsByField(v, fields)} wholeOrganization={auth(c).scope.siteIds === null} />, fields.length ? 400 : 200);
}

/** The v-conference pages (manual 4.3 to 4.5). */
export const conferencePages = new Hono<AppEnv>()
  .use('/conference', requirePermission('vconference', 'view'))
  .use('/conference/*', requirePermission('vconference', 'view'))
  .get('/conference', async (c) => {
    const spec = roomListSpec(c.var.deps.db, auth(c).scope, c.var.deps.now());
    return webList(c, spec, 'vconference', 'conference.title', (v, page, fmt) => <ConferenceListPage v={v} page={page} fmt={fmt} columns={spec.columns} />);
  })
  .get('/conference/new', requirePermission('vconference', 'create'), (c) => renderRoom(c, null, null, []))
  .post('/conference/new', requirePermission('vconference', 'create'), async (c) => {
    const { values, input, timeErrors, searching } = await readRoomForm(c);
    if (searching) return renderRoom(c, null, values, [], true);
    const checked = timeErrors.length ? { ok: false as const, fields: timeErrors } : checkForm(c, RoomCreateSchema, input);
    const saved = checked.ok ? await attempt(() => createRoom(c.var.deps, auth(c).scope, checked.data)) : checked;
    if (!saved.ok) return renderRoom(c, null, values, saved.fields);
    c.var.deps.runJobsSoon();
    return doneRedirect(c, `/conference/${saved.value}`, 'conference.flash.created');
  })
  .get('/conference/history', async (c) => {
    const spec = historyListSpec(c.var.deps.db, auth(c).scope);
    return webList(c, spec, 'vconference', 'conference.historyTitle', (v, page, fmt) => <ConferenceHistoryPage v={v} page={page} fmt={fmt} columns={spec.columns} />);
  })
  .post('/conference/history/email', requirePermission('vconference', 'email'), async (c) => {
    const { ids, form } = await chosen(c);
    if (!ids.length) return doneRedirect(c, '/conference/history', 'flash.selectSome');
    if (new Set(ids).size > MAX_EMAIL_RECORDINGS) throw new ApiError('VALIDATION', `at most ${MAX_EMAIL_RECORDINGS} recordings at once`);
    const n = await emailRecordingsToSelf(c.var.deps, auth(c).scope, ids, Format.parse(form.format));
    c.var.deps.runJobsSoon();
    return doneRedirect(c, '/conference/history', 'conference.flash.emailed', n);
  })
  .post('/conference/history/delete', requirePermission('vconference', 'delete'), async (c) => {
    const { ids } = await chosen(c);
    if (!ids.length) return doneRedirect(c, '/conference/history', 'flash.selectSome');
    const n = await deleteHistory(c.var.deps, auth(c).scope, ids);
    return doneRedirect(c, '/conference/history', 'conference.flash.historyDeleted', n);
  })
  .get('/conference/history/:id', async (c) => {
    const h = await getHistory(c.var.deps.db, auth(c).scope, c.req.param('id'));
    return c.html(<ConferenceHistoryDetailPage v={await pageContext(c)} h={h} />);
  })
  .get('/conference/settings', requirePermission('vconference', 'configure'), (c) => renderSettings(c, null, []))
  .post('/conference/settings', requirePermission('vconference', 'configure'), async (c) => {
    const form = await formBody(c);
    const current = await getConferenceSettings(c.var.deps.db, auth(c).scope);
    const whole = auth(c).scope.siteIds === null;
    const posted = {
      maxRooms: current.maxRooms.map((_, i) => ({ siteId: text(form, `maxRooms.${i}.siteId`), maxRooms: text(form, `maxRooms.${i}.maxRooms`) })),
      ...(whole ? { templates: Object.fromEntries(LANGUAGES.map((l) => [l, { subject: text(form, `templates.${l}.subject`), body: text(form, `templates.${l}.body`).replace(/\r\n/g, '\n') }])) } : {}),
    };
    const checked = checkForm(c, ConferenceSettingsInputSchema, posted);
    const saved = checked.ok ? await attempt(() => saveConferenceSettings(c.var.deps.db, auth(c).scope, checked.data, c.var.deps.now())) : checked;
    if (!saved.ok) {
      const shown = { maxRooms: current.maxRooms.map((m, i) => ({ ...m, maxRooms: posted.maxRooms[i]?.maxRooms ?? m.maxRooms })), templates: { ...current.templates, ...posted.templates } } as unknown as ConferenceSettingsView;
      return renderSettings(c, shown, saved.fields);
    }
    return doneRedirect(c, '/conference/settings', 'flash.saved');
  })
  .get('/conference/:id', async (c) => renderRoom(c, await getRoomDetail(c.var.deps.db, auth(c).scope, c.req.param('id'), c.var.deps.now()), null, []))
  .post('/conference/:id', requirePermission('vconference', 'edit'), async (c) => {
    const room = await getRoomDetail(c.var.deps.db, auth(c).scope, c.req.param('id'), c.var.deps.now());
    const { values, input, timeErrors, searching } = await readRoomForm(c);
    if (searching) return renderRoom(c, room, { ...values, siteId: room.siteId }, [], true);
    const { siteId: _site, ...change } = input;
    const checked = timeErrors.length ? { ok: false as const, fields: timeErrors } : checkForm(c, RoomUpdateSchema, change);
    const saved = checked.ok ? await attempt(() => updateRoom(c.var.deps, auth(c).scope, room.id, checked.data)) : checked;
    if (!saved.ok) return renderRoom(c, room, { ...values, siteId: room.siteId }, saved.fields);
    c.var.deps.runJobsSoon();
    return doneRedirect(c, `/conference/${room.id}`, 'conference.flash.saved');
  })
  .post('/conference/:id/delete', requirePermission('vconference', 'delete'), async (c) => {
    await deleteRoom(c.var.deps, auth(c).scope, c.req.param('id'));
    c.var.deps.runJobsSoon();
    return doneRedirect(c, '/conference', 'conference.flash.deleted');
  })
  .get('/conference/:id/live', async (c) => {
    const { db, now } = c.var.deps;
    const room = await getRoomDetail(db, auth(c).scope, c.req.param('id'), now());
    const live = await visibleLive(db, auth(c).scope, room.id, now());
    return c.html(<ConferenceLivePage v={await pageContext(c)} live={live} number={room.number} subject={room.subject} />);
  })
  .get('/conference/:id/live/fragment', async (c) => {
    const live = await visibleLive(c.var.deps.db, auth(c).scope, c.req.param('id'), c.var.deps.now());
    return c.html(<LiveParticipants v={await pageContext(c)} live={live} />, 200, { 'cache-control': 'no-store' });
  })
  .post('/conference/:id/live/commands', requirePermission('vconference', 'edit'), async (c) => {
    const form = await formBody(c);
    const parsed = z.enum(LIVE_ACTIONS).safeParse(form.action);
    if (!parsed.success) throw fieldError('action', 'mute, unmute, remove, lock or unlock');
    const action = parsed.data;
    const id = c.req.param('id');
    await queueCommand(c.var.deps.db, auth(c).scope, id, { action, participantId: text(form, 'participantId') || undefined }, c.var.deps.now());
    return doneRedirect(c, `/conference/${id}/live`, 'conference.commandQueued');
  });
