import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { requireBlobs } from '../../services/media-nodes/node-uploads.js';
import { mailboxInfo, mailboxMessages, requireMailbox, siteMessage } from '../../services/voicemail/mailbox-service.js';
import { checkPin, setPin } from '../../services/voicemail/mailbox-pin.js';
import { deleteMessages, markHeard } from '../../services/voicemail/message-actions.js';
import { mwiEtag, mwiState } from '../../services/voicemail/mwi-state.js';
import {
  MailboxInfoSchema, MailboxMessagesSchema, MwiStateSchema, PinChangeSchema, PinCheckResultSchema, PinCheckSchema,
} from '../../services/voicemail/node-voicemail-contract.js';
import { openVoicemailAudio } from '../../services/voicemail/voicemail-audio.js';
import { validate } from '../validate.js';
import { nodeSite } from './node-site.js';
import { apiDoc } from './openapi-helpers.js';

const tags = ['media node'];
const ExtensionParam = z.object({ extension: z.string().min(1).max(40) });
const IdParam = z.object({ id: z.string().min(1).max(100) });
const AudioParam = z.object({ audioId: z.string().min(1).max(100) });
const AudioQuery = z.object({ format: z.enum(['wav', 'gsm', 'mp3']).default('wav') });

/** Whether If-None-Match names this tag (a list, weak forms and * included). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => ['*', etag, `W/${etag}`].includes(t.trim()));
}

/** The media node's side of voicemail (services/voicemail/node-voicemail-contract.ts), scoped to its site. */
export const nodeVoicemailApi = new Hono<AppEnv>()
  .get('/mailboxes/:extension', apiDoc({ summary: 'A mailbox as a call needs it: owner, language, counts, limits, greetings (404: no such extension on the site)', tags, response: MailboxInfoSchema }), validate('param', ExtensionParam), async (c) => {
    const { orgId, siteId } = nodeSite(c);
    const ctx = await requireMailbox(c.var.deps.db, orgId, siteId, c.req.valid('param').extension);
    return c.json(await mailboxInfo(c.var.deps.db, ctx));
  })
  .post(
    '/mailboxes/:extension/pin',
    apiDoc({
      summary: 'Checks a PIN typed by phone; 5 wrong in a row lock the mailbox for 15 minutes. A mailbox without a PIN is never valid: its owner sets one in the web profile first',
      tags, response: PinCheckResultSchema,
    }),
    validate('param', ExtensionParam),
    validate('json', PinCheckSchema),
    async (c) => {
      const { orgId, siteId } = nodeSite(c);
      const ctx = await requireMailbox(c.var.deps.db, orgId, siteId, c.req.valid('param').extension);
      return c.json(await checkPin(c.var.deps, ctx, c.req.valid('json').pin));
    },
  )
  .put('/mailboxes/:extension/pin', apiDoc({ summary: 'Sets a new PIN (by phone, after the old one was checked); clears a lock', tags }), validate('param', ExtensionParam), validate('json', PinChangeSchema), async (c) => {
    const { orgId, siteId } = nodeSite(c);
    const ctx = await requireMailbox(c.var.deps.db, orgId, siteId, c.req.valid('param').extension);
    await setPin(c.var.deps, ctx, c.req.valid('json').pin);
    return c.body(null, 204);
  })
  .get('/mailboxes/:extension/messages', apiDoc({ summary: "A mailbox's messages: new ones first, then heard ones, oldest first within each", tags, response: MailboxMessagesSchema }), validate('param', ExtensionParam), async (c) => {
    const { orgId, siteId } = nodeSite(c);
    const ctx = await requireMailbox(c.var.deps.db, orgId, siteId, c.req.valid('param').extension);
    return c.json({ messages: ctx.mailbox ? await mailboxMessages(c.var.deps.db, ctx.mailbox.id) : [] });
  })
  .post('/messages/:id/heard', apiDoc({ summary: 'A message was played by phone: marks it heard (event voicemail.heard, via phone)', tags }), validate('param', IdParam), async (c) => {
    const { orgId, siteId } = nodeSite(c);
    const message = await siteMessage(c.var.deps.db, orgId, siteId, c.req.valid('param').id);
    await markHeard(c.var.deps.db, orgId, [message.id], 'phone', c.var.deps.now());
    return c.body(null, 204);
  })
  .delete('/messages/:id', apiDoc({ summary: 'Deletes a message and its audio by phone (event voicemail.deleted, via phone)', tags }), validate('param', IdParam), async (c) => {
    const { orgId, siteId } = nodeSite(c);
    const message = await siteMessage(c.var.deps.db, orgId, siteId, c.req.valid('param').id);
    await deleteMessages(c.var.deps, orgId, [message.id], 'phone');
    return c.body(null, 204);
  })
  .get('/audio/:audioId', apiDoc({ summary: "A message's or greeting's audio of this site, as WAV (default), GSM or MP3", tags, status: 200 }), validate('param', AudioParam), validate('query', AudioQuery), async (c) => {
    const { orgId, siteId } = nodeSite(c);
    const blobs = requireBlobs(c.var.deps.blobs);
    const audio = await openVoicemailAudio(c.var.deps.db, blobs, { orgId, siteId }, c.req.valid('param').audioId, c.req.valid('query').format);
    return c.body(audio.body, 200, { 'content-type': audio.contentType, 'content-length': String(audio.size), 'cache-control': 'private, max-age=3600' });
  })
  .get('/mwi', apiDoc({ summary: "Every mailbox's new and heard counts for the message lamps; send If-None-Match with the last ETag to get 304 when unchanged", tags, response: MwiStateSchema }), async (c) => {
    const { orgId, siteId } = nodeSite(c);
    const json = JSON.stringify(await mwiState(c.var.deps.db, orgId, siteId));
    const etag = await mwiEtag(json);
    const headers = { etag, 'cache-control': 'no-cache' };
    if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    return c.body(json, 200, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  });
