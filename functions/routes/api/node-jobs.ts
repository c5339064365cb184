import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { auth } from '../../middleware/auth.js';
import { requireBlobs } from '../../services/media-nodes/node-uploads.js';
import { claimNodeJob, finishNodeJob, heldNodeJob, nodeJobProgress, type NodeHolder } from '../../services/jobs/node-jobs.js';
import { NodeExportItemsSchema, NodeJobFinishSchema, NodeJobProgressAnswerSchema, NodeJobProgressSchema, NodeJobSchema } from '../../services/jobs/node-jobs-contract.js';
import { nodeExportItems, nodeExportOf, openNodeExportAudio, type RecordingSets } from '../../services/recording-maintenance/node-export-items.js';
import { RECORDING_SETS } from '../../services/recording-maintenance/recording-sets.js';
import { validate } from '../validate.js';
import { nodeSite } from './node-site.js';
import { apiDoc } from './openapi-helpers.js';

const tags = ['media node'];
const IdParam = z.object({ id: z.string().min(1).max(100) });
const ItemsQuery = z.object({ after: z.string().min(1).max(400).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) });
const AudioParam = IdParam.extend({ recordingId: z.string().min(1).max(200), format: z.enum(['wav', 'gsm', 'mp3']) });
/** The item's startedAt, as the items page gave it. */
const AudioQuery = z.object({ at: z.iso.datetime() });

/** The node and its token: a lease is held by the token, so a node that restarts gets its job back. */
function holder(c: Context<AppEnv>): NodeHolder {
  const { orgId, siteId } = nodeSite(c);
  return { orgId, siteId, owner: `node-token:${auth(c).token!.tokenId}` };
}

/**
 * /api/v1/node/jobs: jobs the site's media node claims and carries out (services/jobs/node-jobs-contract.ts).
 * `sets` are the recording modules a node:recordings-export may name.
 */
export function nodeJobsRoutes(sets: RecordingSets) {
  return new Hono<AppEnv>()
    .post('/claim', apiDoc({ summary: "Claims the site's oldest queued node job, or one whose lease ran out (lease 60 s); 204 when there is none", tags, response: NodeJobSchema }), async (c) => {
      const job = await claimNodeJob(c.var.deps.db, holder(c), c.var.deps.now());
      return job ? c.json(job) : c.body(null, 204);
    })
    .put(
      '/:id/progress',
      apiDoc({ summary: 'Reports progress and renews the lease; `stop` says a user asked the job to stop. 404 once the job is not this node\'s any more', tags, response: NodeJobProgressAnswerSchema }),
      validate('param', IdParam),
      validate('json', NodeJobProgressSchema),
      async (c) => c.json(await nodeJobProgress(c.var.deps.db, holder(c), c.req.valid('param').id, c.req.valid('json'), c.var.deps.now())),
    )
    .post('/:id/finish', apiDoc({ summary: 'Ends a held job as done, stopped or failed, with its result; the same outcome sent again is accepted', tags }), validate('param', IdParam), validate('json', NodeJobFinishSchema), async (c) => {
      await finishNodeJob(c.var.deps.db, holder(c), c.req.valid('param').id, c.req.valid('json'), c.var.deps.now());
      return c.body(null, 204);
    })
    .get('/:id/items', apiDoc({ summary: 'The next page of files a held recordings export writes, with an opaque cursor and the total', tags, response: NodeExportItemsSchema }), validate('param', IdParam), validate('query', ItemsQuery), async (c) => {
      const { db } = c.var.deps;
      const exp = nodeExportOf(await heldNodeJob(db, holder(c), c.req.valid('param').id), sets);
      const { after, limit } = c.req.valid('query');
      return c.json(await nodeExportItems(db, exp, after ?? null, limit));
    })
    .get(
      '/:id/items/:recordingId/:format',
      apiDoc({ summary: "One file of a held recordings export, streamed from object storage (`at`: the item's startedAt)", tags, status: 200 }),
      validate('param', AudioParam),
      validate('query', AudioQuery),
      async (c) => {
        const { db, blobs } = c.var.deps;
        const { id, recordingId, format } = c.req.valid('param');
        const exp = nodeExportOf(await heldNodeJob(db, holder(c), id), sets);
        const audio = await openNodeExportAudio(db, requireBlobs(blobs), exp, recordingId, format, new Date(c.req.valid('query').at));
        return c.body(audio.body, 200, { 'content-type': audio.contentType, 'content-length': String(audio.size), 'cache-control': 'no-store' });
      },
    );
}

export const nodeJobsApi = nodeJobsRoutes(RECORDING_SETS);
