import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { AUDIO_FORMATS, DIVERT_REASONS } from '../../../schema/index.js';
import { ApiError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { audioResponse } from '../../services/voicemail/inbox-audio.js';
import { emailMessagesToSelf } from '../../services/voicemail/inbox-email.js';
import { inboxListSpec, InboxFiltersSchema, type InboxRow } from '../../services/voicemail/inbox-list.js';
import { getInboxMessage, messageAudioFile, visibleMessageRows } from '../../services/voicemail/inbox-messages.js';
import { deleteMessages, markHeard } from '../../services/voicemail/message-actions.js';
import { applyDefaultProfile, getVoicemailSettings, saveVoicemailSettings } from '../../services/voicemail/voicemail-settings.js';
import { OwnVoicemailProfileSchema, ProfileValuesSchema, TemplateSchema, VoicemailSettingsInputSchema } from '../../services/voicemail/voicemail-settings-schemas.js';
import { getOwnVoicemailProfile, saveOwnVoicemailProfile } from '../../services/voicemail/voicemail-profile-web.js';
import { downloadMessagesZip } from '../../services/voicemail/voicemail-zip.js';
import { respondList } from '../list-response.js';
import { validate } from '../validate.js';
import { apiDoc, listBody } from './openapi-helpers.js';

const Message = z
  .object({
    id: z.string(), siteId: z.string(), mailboxId: z.string(), protocol: z.string(), receivedAt: z.iso.datetime(),
    timeZone: z.string().meta({ description: "The site's time zone" }), callerName: z.string(), callerNumber: z.string(), extension: z.string(),
    ownerName: z.string().nullable(), divertReason: z.enum(DIVERT_REASONS), durationMs: z.number().int(), heard: z.boolean(), audioBytes: z.number().int(),
  })
  .meta({ id: 'VoicemailMessage' });
const IdParam = z.object({ id: z.string().min(1) });
const Format = z.enum(AUDIO_FORMATS);
const AudioQuery = z.object({ format: Format.default('mp3'), download: z.enum(['0', '1']).optional() });
const Ids = z.array(z.string().min(1)).min(1, 'err.selectSome').max(1000);
const Settings = z
  .object({
    limits: z.array(z.object({ siteId: z.string(), siteName: z.string(), maxMessages: z.number().int(), maxSeconds: z.number().int() })),
    defaultProfile: ProfileValuesSchema,
    templates: z.record(z.string(), TemplateSchema),
  })
  .meta({ id: 'VoicemailSettings' });
const OwnProfile = ProfileValuesSchema.extend({
  alternateEmail: z.string().nullable(),
  mailboxes: z.array(z.object({ siteId: z.string(), siteName: z.string(), extension: z.string() })),
}).meta({ id: 'VoicemailOwnProfile' });
const tags = ['Voicemail'];

const toJson = (r: InboxRow) => ({ ...r, receivedAt: r.receivedAt.toISOString() });
const deps = (c: Context<AppEnv>) => c.var.deps;

/** The v-mailer's user API (manual 3.3 to 3.5); the inbox shows only what the caller may see. */
export const voicemailApi = new Hono<AppEnv>()
  .use(requirePermission('vmailer', 'view'))
  .get('/messages', apiDoc({ summary: 'List voicemail messages', tags, response: listBody(Message), exportable: true }), validate('query', ListQuerySchema.extend(InboxFiltersSchema.shape)), async (c) => {
    const { mailbox, heard, from, to, ...query } = c.req.valid('query');
    return respondList(c, inboxListSpec(deps(c).db, auth(c).scope, { mailbox, heard, from, to }), query, 'vmailer', 'voicemail.title', toJson);
  })
  .post('/messages/delete', requirePermission('vmailer', 'delete'), apiDoc({ summary: 'Delete several voicemail messages', tags }), validate('json', z.object({ ids: Ids })), async (c) => {
    const { db } = deps(c);
    const rows = await visibleMessageRows(db, auth(c).scope, c.req.valid('json').ids);
    await deleteMessages(deps(c), auth(c).scope.orgId, rows.map((r) => r.id), 'api');
    return c.body(null, 204);
  })
  .post('/messages/download', requirePermission('vmailer', 'listen'), apiDoc({ summary: 'Download several messages as one ZIP (marks them heard)', tags }), validate('json', z.object({ ids: Ids, format: Format.default('mp3') })), async (c) => {
    const { ids, format } = c.req.valid('json');
    const zip = await downloadMessagesZip(deps(c), auth(c).scope, ids, format);
    const day = deps(c).now().toISOString().slice(0, 10);
    return new Response(zip.body, { headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="voicemail-${day}.zip"`, 'cache-control': 'no-store' } });
  })
  .post('/messages/email', requirePermission('vmailer', 'email'), apiDoc({ summary: 'E-mail messages with their audio to yourself (marks them heard)', tags, response: z.object({ queued: z.number().int() }), status: 202 }), validate('json', z.object({ ids: Ids, format: Format.optional() })), async (c) => {
    const { ids, format } = c.req.valid('json');
    const queued = await emailMessagesToSelf(deps(c), auth(c).scope, ids, format);
    deps(c).runJobsSoon();
    return c.json({ queued }, 202);
  })
  .get('/messages/:id', apiDoc({ summary: 'Get a voicemail message', tags, response: Message }), validate('param', IdParam), async (c) => {
    return c.json(toJson(await getInboxMessage(deps(c).db, auth(c).scope, c.req.valid('param').id)));
  })
  .get('/messages/:id/audio', requirePermission('vmailer', 'listen'), apiDoc({ summary: "A message's audio; honours Range for seeking; download=1 marks it heard", tags }), validate('param', IdParam), validate('query', AudioQuery), async (c) => {
    const { db, blobs, now } = deps(c);
    const scope = auth(c).scope;
    const { format, download } = c.req.valid('query');
    const [message] = await visibleMessageRows(db, scope, [c.req.valid('param').id]);
    const file = await messageAudioFile(db, message!, format);
    const res = await audioResponse(blobs, file, format, c.req.header('range'), download === '1' ? `${message!.protocol}.${format}` : null);
    // Playing is not hearing: the page marks a message heard when playback ends.
    if (download === '1' && res.status === 200) await markHeard(db, scope.orgId, [message!.id], 'download', now());
    return res;
  })
  .patch('/messages/:id', apiDoc({ summary: 'Mark a voicemail message as heard', tags, response: Message }), validate('param', IdParam), validate('json', z.object({ heard: z.literal(true) })), async (c) => {
    const { db, now } = deps(c);
    const { id } = c.req.valid('param');
    const message = await getInboxMessage(db, auth(c).scope, id);
    await markHeard(db, auth(c).scope.orgId, [message.id], 'api', now());
    return c.json(toJson(await getInboxMessage(db, auth(c).scope, id)));
  })
  .delete('/messages/:id', requirePermission('vmailer', 'delete'), apiDoc({ summary: 'Delete a voicemail message', tags }), validate('param', IdParam), async (c) => {
    const message = await getInboxMessage(deps(c).db, auth(c).scope, c.req.valid('param').id);
    await deleteMessages(deps(c), auth(c).scope.orgId, [message.id], 'api');
    return c.body(null, 204);
  })
  .get('/settings', requirePermission('vmailer', 'configure'), apiDoc({ summary: 'Voicemail settings: limits, default profile, e-mail templates', tags, response: Settings }), async (c) => {
    return c.json(await getVoicemailSettings(deps(c).db, auth(c).scope));
  })
  .put('/settings', requirePermission('vmailer', 'configure'), apiDoc({ summary: 'Change voicemail settings', tags, response: Settings }), validate('json', VoicemailSettingsInputSchema), async (c) => {
    const { db, now } = deps(c);
    await saveVoicemailSettings(db, auth(c).scope, c.req.valid('json'), now());
    return c.json(await getVoicemailSettings(db, auth(c).scope));
  })
  .post('/settings/apply-default-profile', requirePermission('vmailer', 'configure'), apiDoc({ summary: 'Give every user the default voicemail profile', tags, response: z.object({ updated: z.number().int() }) }), validate('json', z.object({})), async (c) => {
    return c.json({ updated: await applyDefaultProfile(deps(c).db, auth(c).scope, deps(c).now()) });
  })
  .get('/profile', apiDoc({ summary: 'Your own voicemail profile', tags, response: OwnProfile }), async (c) => {
    return c.json(await getOwnVoicemailProfile(deps(c), auth(c).scope, signedInUser(c)));
  })
  .put('/profile', apiDoc({ summary: 'Change your own voicemail profile and PIN', tags, response: OwnProfile }), validate('json', OwnVoicemailProfileSchema), async (c) => {
    const userId = signedInUser(c);
    await saveOwnVoicemailProfile(deps(c), auth(c).scope, userId, c.req.valid('json'));
    return c.json(await getOwnVoicemailProfile(deps(c), auth(c).scope, userId));
  });

function signedInUser(c: Context<AppEnv>): string {
  const userId = auth(c).scope.userId;
  if (!userId) throw new ApiError('FORBIDDEN', 'an API token has no voicemail profile; sign in as the user');
  return userId;
}
