import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { AUDIO_FORMATS, CALL_TYPES } from '../../../schema/index.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { deleteRecordings, emailRecordingsToSelf, openRecordingAudio, recordingsZip } from '../../services/call-recordings/recording-actions.js';
import { NoteInputSchema, RecordingFilterSchema, type RecordingDetails, type RecordingListRow, type RecordingNote } from '../../services/call-recordings/recording-contract.js';
import { recordingListSpec } from '../../services/call-recordings/recording-list.js';
import { addRecordingNote } from '../../services/call-recordings/recording-notes.js';
import { getRecording } from '../../services/call-recordings/recording-read.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { respondList } from '../list-response.js';
import { validate } from '../validate.js';
import { apiDoc, listBody } from './openapi-helpers.js';

const RecordingRow = z
  .object({
    id: z.string(), siteId: z.string(), siteName: z.string(), timeZone: z.string().meta({ description: "The site's time zone" }),
    protocol: z.string().meta({ description: 'Unique id shown to users, e.g. REC-20261126-4K7QX' }), type: z.enum(CALL_TYPES),
    access: z.string().meta({ description: 'The first extension on the call' }), identification: z.string().meta({ description: 'The external number; empty for an internal call' }),
    startedAt: z.iso.datetime(), durationMs: z.number().int(), channels: z.number().int().meta({ description: '2 for a SIPREC stereo recording, one side per channel' }),
    notes: z.number().int().meta({ description: 'How many notes the recording has' }),
  })
  .meta({ id: 'CallRecording' });
const Note = z.object({ id: z.string(), authorId: z.string().nullable(), authorName: z.string(), body: z.string(), createdAt: z.iso.datetime() }).meta({ id: 'CallRecordingNote' });
const Details = RecordingRow.extend({
  endedAt: z.iso.datetime(), source: z.enum(['siprec', 'sip']), callRef: z.string().meta({ description: "The PBX's or SBC's Call-ID or SIPREC session id" }),
  participants: z.array(z.object({ number: z.string(), name: z.string(), internal: z.boolean(), channel: z.number().int().nullable(), joinedAt: z.iso.datetime(), leftAt: z.iso.datetime().nullable() })),
  noteList: z.array(Note).meta({ description: 'Newest first' }),
}).meta({ id: 'CallRecordingDetails' });
const IdParam = z.object({ id: z.string().min(1) });
const Format = z.enum(AUDIO_FORMATS);
const AudioQuery = z.object({ format: Format.default('mp3'), download: z.enum(['0', '1']).optional() });
const Ids = z.array(z.string().min(1)).min(1, 'err.selectSome').max(1000);
const ListQuery = ListQuerySchema.extend(RecordingFilterSchema.shape);
const tags = ['Call recordings'];

const rowJson = (r: RecordingListRow) => ({ ...r, startedAt: r.startedAt.toISOString() });
const noteJson = (n: RecordingNote) => ({ ...n, createdAt: n.createdAt.toISOString() });
const detailsJson = (d: RecordingDetails) => ({
  ...rowJson(d), endedAt: d.endedAt.toISOString(),
  participants: d.participants.map((p) => ({ ...p, joinedAt: p.joinedAt.toISOString(), leftAt: p.leftAt?.toISOString() ?? null })),
  noteList: d.noteList.map(noteJson),
});
const deps = (c: Context<AppEnv>) => c.var.deps;

/** v-rec's recorded calls (manual 5.3): only what the caller may see; others are 404. */
export const recordingsApi = new Hono<AppEnv>()
  .use(requirePermission('vrec', 'view'))
  .get('/', apiDoc({ summary: 'List call recordings', tags, response: listBody(RecordingRow), exportable: true }), validate('query', ListQuery), async (c) => {
    const { from, to, extension, number, type, siteId, ...query } = c.req.valid('query');
    return respondList(c, recordingListSpec(deps(c).db, auth(c).scope, { from, to, extension, number, type, siteId }), query, 'vrec', 'vrec.title', rowJson);
  })
  .post('/delete', requirePermission('vrec', 'delete'), apiDoc({ summary: 'Delete several call recordings (all or none)', tags, response: z.object({ deleted: z.number().int() }) }), validate('json', z.object({ ids: Ids })), async (c) => {
    return c.json({ deleted: await deleteRecordings(deps(c), auth(c).scope, c.req.valid('json').ids, 'api') });
  })
  .post('/email', requirePermission('vrec', 'email'), apiDoc({ summary: 'E-mail call recordings with their audio to yourself, one e-mail each', tags, response: z.object({ queued: z.number().int() }), status: 202 }), validate('json', z.object({ ids: Ids, format: Format.default('mp3') })), async (c) => {
    const { ids, format } = c.req.valid('json');
    const queued = await emailRecordingsToSelf(deps(c), auth(c).scope, ids, format);
    deps(c).runJobsSoon();
    return c.json({ queued }, 202);
  })
  .post('/zip', requirePermission('vrec', 'export'), apiDoc({ summary: 'Download several call recordings as one ZIP of <protocol>.<format> files', tags }), validate('json', z.object({ ids: Ids, format: Format.default('mp3') })), async (c) => {
    const { ids, format } = c.req.valid('json');
    const body = await recordingsZip(deps(c), auth(c).scope, ids, format);
    const day = deps(c).now().toISOString().slice(0, 10);
    return new Response(body, { headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="recordings-${day}.zip"`, 'cache-control': 'no-store' } });
  })
  .get('/:id', apiDoc({ summary: 'Get a call recording with its participants and notes', tags, response: Details }), validate('param', IdParam), async (c) => {
    return c.json(detailsJson(await getRecording(deps(c).db, auth(c).scope, c.req.valid('param').id)));
  })
  .post('/:id/notes', requirePermission('vrec', 'edit'), apiDoc({ summary: 'Add a note to a call recording', tags, response: Note, status: 201 }), validate('param', IdParam), validate('json', NoteInputSchema), async (c) => {
    const note = await addRecordingNote(deps(c), auth(c).scope, c.req.valid('param').id, c.req.valid('json').body);
    return c.json(noteJson(note), 201);
  })
  .get('/:id/audio', requirePermission('vrec', 'listen'), apiDoc({ summary: "A call recording's audio; honours Range for seeking; download=1 names the file", tags }), validate('param', IdParam), validate('query', AudioQuery), async (c) => {
    const { format, download } = c.req.valid('query');
    return openRecordingAudio(deps(c), auth(c).scope, c.req.valid('param').id, format, c.req.header('range'), { download: download === '1' });
  })
  .delete('/:id', requirePermission('vrec', 'delete'), apiDoc({ summary: 'Delete a call recording', tags }), validate('param', IdParam), async (c) => {
    await deleteRecordings(deps(c), auth(c).scope, [c.req.valid('param').id], 'api');
    return c.body(null, 204);
  });
