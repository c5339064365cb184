import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { AUDIO_FORMATS, LIVE_ACTIONS, PARTICIPANT_ROLES } from '../../../schema/index.js';
import { ApiError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { can } from '../../services/auth/permissions.js';
import { ConferenceSettingsInputSchema, getConferenceSettings, saveConferenceSettings, RecordingTemplateSchema } from '../../services/conference/conference-settings.js';
import { deleteHistory, emailRecordingsToSelf, getHistory, recordingFile } from '../../services/conference/history-actions.js';
import { historyListSpec, type HistoryRow } from '../../services/conference/history-list.js';
import { INVITEE_CANDIDATES_LIMIT, inviteeCandidates } from '../../services/conference/invitee-search.js';
import { queueCommand, visibleLive, type LiveView } from '../../services/conference/live-state.js';
import { LiveParticipantSchema } from '../../services/conference/node-conference-contract.js';
import { getRoomDetail, roomJson } from '../../services/conference/room-read.js';
import { roomListSpec, type RoomListRow } from '../../services/conference/room-list.js';
import { RoomCreateSchema, RoomOptionsSchema, RoomUpdateSchema } from '../../services/conference/room-schemas.js';
import { createRoom, deleteRoom, updateRoom } from '../../services/conference/room-write.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { audioResponse } from '../../services/voicemail/inbox-audio.js';
import { respondList } from '../list-response.js';
import { validate } from '../validate.js';
import { apiDoc, listBody } from './openapi-helpers.js';

const tags = ['Conference'];
const Status = z.enum(['scheduled', 'open', 'ended']);
const RoomSummary = z
  .object({ id: z.string(), siteId: z.string(), number: z.string(), subject: z.string(), startsAt: z.iso.datetime(), endsAt: z.iso.datetime(), timeZone: z.string(), creatorName: z.string().nullable(), status: Status })
  .meta({ id: 'ConferenceRoomSummary' });
const Room = z
  .object({
    id: z.string(), siteId: z.string(), siteName: z.string(), timeZone: z.string(), number: z.string(), subject: z.string(), participantPin: z.string(),
    startsAt: z.iso.datetime(), endsAt: z.iso.datetime(), status: Status, options: RoomOptionsSchema, maxParticipants: z.number().int(), description: z.string(),
    dialIn: z.string().meta({ description: "The site's conference code followed by the room number" }), createdBy: z.string().nullable(), creatorName: z.string().nullable(),
    invitees: z.array(z.object({ id: z.string(), userId: z.string().nullable(), email: z.string(), name: z.string(), notifiedAt: z.iso.datetime().nullable() })),
  })
  .meta({ id: 'ConferenceRoom' });
const Live = z
  .object({ roomId: z.string(), running: z.boolean(), sessionId: z.string().nullable(), locked: z.boolean(), participants: z.array(LiveParticipantSchema), updatedAt: z.iso.datetime().nullable(), mayModerate: z.boolean() })
  .meta({ id: 'ConferenceLive' });
const History = z
  .object({
    id: z.string(), siteId: z.string(), roomId: z.string(), number: z.string(), subject: z.string(), creatorName: z.string().nullable(), startedAt: z.iso.datetime(), endedAt: z.iso.datetime().nullable(),
    durationMs: z.number().int(), participants: z.number().int(), hasRecording: z.boolean(), recordingBytes: z.number().int(), timeZone: z.string(),
  })
  .meta({ id: 'ConferenceHistory' });
const HistoryDetail = History.extend({
  participantList: z.array(z.object({ id: z.string(), callerNumber: z.string(), callerName: z.string(), role: z.enum(PARTICIPANT_ROLES), joinedAt: z.iso.datetime(), leftAt: z.iso.datetime().nullable() })),
}).meta({ id: 'ConferenceHistoryDetail' });
const Settings = z
  .object({ templates: z.record(z.string(), RecordingTemplateSchema), maxRooms: z.array(z.object({ siteId: z.string(), siteName: z.string(), maxRooms: z.number().int() })) })
  .meta({ id: 'ConferenceSettings' });
const Candidate = z
  .object({ id: z.string(), fullName: z.string(), email: z.string(), extensions: z.array(z.string()) })
  .meta({ id: 'ConferenceInviteeCandidate' });
const IdParam = z.object({ id: z.string().min(1) });
const Ids = z.array(z.string().min(1)).min(1, 'err.selectSome').max(1000);
const Format = z.enum(AUDIO_FORMATS);
const Command = z.object({ action: z.enum(LIVE_ACTIONS), participantId: z.string().min(1).max(100).optional() });

const deps = (c: Context<AppEnv>) => c.var.deps;

/** Whoever schedules or edits rooms picks invitees; viewers have no use for the directory. */
const mayInvite = createMiddleware<AppEnv>(async (c, next) => {
  const { grants } = auth(c).scope;
  if (!can(grants, 'vconference', 'create') && !can(grants, 'vconference', 'edit')) throw new ApiError('FORBIDDEN', 'missing permission vconference.create or vconference.edit');
  await next();
});
const roomRowJson = (r: RoomListRow) => ({ ...r, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() });
const historyJson = (r: HistoryRow) => {
  const { id, siteId, roomId, number, subject, creatorName, startedAt, endedAt, durationMs, participants, hasRecording, recordingBytes, timeZone } = r;
  return { id, siteId, roomId, number, subject, creatorName, startedAt: startedAt.toISOString(), endedAt: endedAt?.toISOString() ?? null, durationMs, participants, hasRecording, recordingBytes, timeZone };
};
const liveJson = (l: LiveView & { mayModerate: boolean }) => ({ ...l, updatedAt: l.updatedAt?.toISOString() ?? null });

/** The v-conference user API (manual 4.3 to 4.5); rooms and history show only what the caller may see. */
export const conferenceApi = new Hono<AppEnv>()
  .use(requirePermission('vconference', 'view'))
  .get('/rooms', apiDoc({ summary: 'List conference rooms', tags, response: listBody(RoomSummary), exportable: true }), validate('query', ListQuerySchema), async (c) => {
    return respondList(c, roomListSpec(deps(c).db, auth(c).scope, deps(c).now()), c.req.valid('query'), 'vconference', 'conference.title', roomRowJson);
  })
  .post('/rooms', requirePermission('vconference', 'create'), apiDoc({ summary: 'Schedule a room; invitees get an e-mail with an iCalendar invitation', tags, response: Room, status: 201 }), validate('json', RoomCreateSchema), async (c) => {
    const id = await createRoom(deps(c), auth(c).scope, c.req.valid('json'));
    deps(c).runJobsSoon();
    return c.json(roomJson(await getRoomDetail(deps(c).db, auth(c).scope, id, deps(c).now())), 201);
  })
  .get(
    '/invitee-candidates',
    mayInvite,
    apiDoc({ summary: `People to invite (needs vconference.create or edit): at most ${INVITEE_CANDIDATES_LIMIT} users you may see whose name, e-mail or extension has every word of q`, tags, response: z.object({ candidates: z.array(Candidate) }) }),
    validate('query', z.object({ q: z.string().max(100).default('') })),
    async (c) => c.json({ candidates: await inviteeCandidates(deps(c).db, auth(c).scope, c.req.valid('query').q) }),
  )
  .get('/rooms/:id', apiDoc({ summary: 'Get a conference room with its invitees', tags, response: Room }), validate('param', IdParam), async (c) => {
    return c.json(roomJson(await getRoomDetail(deps(c).db, auth(c).scope, c.req.valid('param').id, deps(c).now())));
  })
  .patch('/rooms/:id', requirePermission('vconference', 'edit'), apiDoc({ summary: 'Change a room before it starts (409 after); invitees get the updated invitation', tags, response: Room }), validate('param', IdParam), validate('json', RoomUpdateSchema), async (c) => {
    const { id } = c.req.valid('param');
    await updateRoom(deps(c), auth(c).scope, id, c.req.valid('json'));
    deps(c).runJobsSoon();
    return c.json(roomJson(await getRoomDetail(deps(c).db, auth(c).scope, id, deps(c).now())));
  })
  .delete('/rooms/:id', requirePermission('vconference', 'delete'), apiDoc({ summary: 'Delete a room (its history stays); until it ends, invitees get an iCalendar CANCEL', tags }), validate('param', IdParam), async (c) => {
    await deleteRoom(deps(c), auth(c).scope, c.req.valid('param').id);
    deps(c).runJobsSoon();
    return c.body(null, 204);
  })
  .get('/rooms/:id/live', apiDoc({ summary: "A room's participants now, as its media node last reported (empty when not running)", tags, response: Live }), validate('param', IdParam), async (c) => {
    return c.json(liveJson(await visibleLive(deps(c).db, auth(c).scope, c.req.valid('param').id, deps(c).now())));
  })
  .post('/rooms/:id/live/commands', requirePermission('vconference', 'edit'), apiDoc({ summary: "Moderate a running room (its creator or an administrator): mute, unmute, remove a participant; lock or unlock entry", tags, response: z.object({ id: z.string() }), status: 202 }), validate('param', IdParam), validate('json', Command), async (c) => {
    const id = await queueCommand(deps(c).db, auth(c).scope, c.req.valid('param').id, c.req.valid('json'), deps(c).now());
    return c.json({ id }, 202);
  })
  .get('/history', apiDoc({ summary: 'Conference history: every run of a room someone joined', tags, response: listBody(History), exportable: true }), validate('query', ListQuerySchema), async (c) => {
    return respondList(c, historyListSpec(deps(c).db, auth(c).scope), c.req.valid('query'), 'vconference', 'conference.historyTitle', historyJson);
  })
  .post('/history/email', requirePermission('vconference', 'email'), apiDoc({ summary: 'E-mail recordings to yourself, one e-mail each, with the recordings template', tags, response: z.object({ queued: z.number().int() }), status: 202 }), validate('json', z.object({ ids: Ids, format: Format.default('mp3') })), async (c) => {
    const { ids, format } = c.req.valid('json');
    const queued = await emailRecordingsToSelf(deps(c), auth(c).scope, ids, format);
    deps(c).runJobsSoon();
    return c.json({ queued }, 202);
  })
  .get('/history/:id', apiDoc({ summary: 'A history entry with every participant\'s join and leave time', tags, response: HistoryDetail }), validate('param', IdParam), async (c) => {
    const h = await getHistory(deps(c).db, auth(c).scope, c.req.valid('param').id);
    return c.json({ ...historyJson(h), participantList: h.participantList.map((p) => ({ ...p, joinedAt: p.joinedAt.toISOString(), leftAt: p.leftAt?.toISOString() ?? null })) });
  })
  .get('/history/:id/audio', requirePermission('vconference', 'listen'), apiDoc({ summary: "A conference's recording; honours Range for seeking", tags }), validate('param', IdParam), validate('query', z.object({ format: Format.default('mp3'), download: z.enum(['0', '1']).optional() })), async (c) => {
    const { db, blobs } = deps(c);
    const { format, download } = c.req.valid('query');
    const h = await getHistory(db, auth(c).scope, c.req.valid('param').id);
    const file = await recordingFile(db, auth(c).scope.orgId, h, format);
    return audioResponse(blobs, file, format, c.req.header('range'), download === '1' ? `conference-${h.number}-${h.startedAt.toISOString().slice(0, 10)}.${format}` : null);
  })
  .delete('/history/:id', requirePermission('vconference', 'delete'), apiDoc({ summary: 'Delete a history entry with its recording', tags }), validate('param', IdParam), async (c) => {
    const h = await getHistory(deps(c).db, auth(c).scope, c.req.valid('param').id);
    await deleteHistory(deps(c), auth(c).scope, [h.id]);
    return c.body(null, 204);
  })
  .get('/settings', requirePermission('vconference', 'configure'), apiDoc({ summary: 'Conference settings: the recordings e-mail template per language, public rooms per site', tags, response: Settings }), async (c) => {
    return c.json(await getConferenceSettings(deps(c).db, auth(c).scope));
  })
  .put('/settings', requirePermission('vconference', 'configure'), apiDoc({ summary: 'Change conference settings', tags, response: Settings }), validate('json', ConferenceSettingsInputSchema), async (c) => {
    await saveConferenceSettings(deps(c).db, auth(c).scope, c.req.valid('json'), deps(c).now());
    return c.json(await getConferenceSettings(deps(c).db, auth(c).scope));
  });
