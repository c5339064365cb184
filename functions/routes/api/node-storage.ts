import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { ApiError, fieldError } from '../../errors.js';
import { isHttps } from '../../middleware/auth.js';
import { AudioItemSchema, storeAudioItem } from '../../services/media-nodes/node-audio.js';
import { ownKey, planUpload, requireBlobs, Sha256Schema, UploadRequestSchema } from '../../services/media-nodes/node-uploads.js';
import { BlobMismatchError } from '../../services/storage/blob-store.js';
import { validate } from '../validate.js';
import { nodeSite } from './node-site.js';
import { apiDoc } from './openapi-helpers.js';

const tags = ['media node'];

const UploadPlan = z
  .object({
    key: z.string(),
    upload: z.object({ method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()) }).nullable().meta({ description: 'null: the object is already stored' }),
  })
  .meta({ id: 'UploadPlan' });

const KeyParam = z.object({ key: z.string().min(1) });
const Size = z.coerce.number().int().min(0);

/** Upload handshakes and audio metadata: the routes behind "no audio is ever lost". */
export const nodeStorageApi = new Hono<AppEnv>()
  .post('/uploads', apiDoc({ summary: 'Where to upload one file (null when already stored)', tags, response: UploadPlan }), validate('json', UploadRequestSchema), async (c) => {
    const { orgId, siteId } = nodeSite(c);
    const blobs = requireBlobs(c.var.deps.blobs);
    const url = new URL(c.req.url);
    const origin = `${isHttps(c) ? 'https:' : url.protocol}//${url.host}`;
    return c.json(await planUpload(blobs, orgId, siteId, c.req.valid('json'), (key) => `${origin}/api/v1/node/blobs/${key}`));
  })
  .put(
    '/blobs/:key{.+}',
    apiDoc({
      summary: 'Upload one object to the file store (when /uploads pointed here); x-ramal-sha256 and the size are checked before it is kept',
      tags,
      requestBody: { description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
    }),
    validate('param', KeyParam),
    async (c) => {
      const { orgId, siteId } = nodeSite(c);
      const blobs = requireBlobs(c.var.deps.blobs);
      if (blobs.kind !== 'filesystem') throw new ApiError('NOT_FOUND', 'uploads go to the presigned URL of object storage, not here');
      const key = ownKey(orgId, siteId, c.req.valid('param').key);
      const sha = Sha256Schema.safeParse(c.req.header('x-ramal-sha256'));
      if (!sha.success) throw fieldError('x-ramal-sha256', 'send the SHA-256 of the body as 64 lower-case hex digits');
      const size = Size.safeParse(c.req.header('x-ramal-size') ?? c.req.header('content-length'));
      if (!size.success) throw fieldError('content-length', 'send the size of the body (Content-Length or x-ramal-size)');
      const body = c.req.raw.body ?? new Uint8Array(0);
      try {
        await blobs.put(key, body, { size: size.data, sha256: sha.data, contentType: c.req.header('content-type') });
      } catch (err) {
        if (err instanceof BlobMismatchError) throw new ApiError('BAD_REQUEST', `${err.message}; nothing was stored`);
        throw err;
      }
      return c.body(null, 204);
    },
  )
  .post('/audio', apiDoc({ summary: 'Record an audio item whose files are uploaded (idempotent by id)', tags, response: z.object({ id: z.string(), stored: z.literal(true) }) }), validate('json', AudioItemSchema), async (c) => {
    const { orgId, siteId } = nodeSite(c);
    const blobs = requireBlobs(c.var.deps.blobs);
    const input = c.req.valid('json');
    await storeAudioItem(c.var.deps.db, blobs, orgId, siteId, input, c.var.deps.now());
    return c.json({ id: input.id, stored: true as const });
  });

