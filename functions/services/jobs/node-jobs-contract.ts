import { z } from 'zod';

/**
 * Jobs a media node carries out on its site (kinds prefixed `node:`), e.g. writing recordings to
 * a folder on the node's USB disk. The central runner never claims them; the site's node does,
 * under /api/v1/node/jobs with its site token:
 *
 *   POST /claim                 → 200 NodeJob (the oldest queued `node:` job of the node's site, or
 *                                 one whose lease ran out) | 204 when there is none. Lease: 60 s.
 *   PUT  /:id/progress          NodeJobProgress → NodeJobProgressAnswer (renews the lease; `stop`
 *                                 tells the node a user pressed stop). 404 once the job is not the
 *                                 node's any more (finished, or lease lost to another claim).
 *   POST /:id/finish            NodeJobFinish → 204 (done, stopped or failed, with the result shown
 *                                 to the user). Idempotent for the same outcome.
 *   GET  /:id/items?after=&limit=  → NodeExportItems: the next page of what to write (job-specific;
 *                                 for node:recordings-export the recordings with their file names)
 *   GET  /:id/items/:recordingId/:format?at=<the item's startedAt> → the audio bytes (streamed from
 *                                 object storage); `at` lets the recording set find it inside the
 *                                 job's site, period and scope
 */
export const NODE_JOB_PREFIX = 'node:';
export const NODE_JOB_LEASE_MS = 60_000;

export const NodeJobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  input: z.record(z.string(), z.unknown()),
  /** Progress already made by an earlier claim (a node restarted mid-job resumes after it). */
  progressDone: z.number().int(),
  progressTotal: z.number().int(),
  result: z.record(z.string(), z.unknown()).nullable(),
});
export type NodeJob = z.infer<typeof NodeJobSchema>;

export const NodeJobProgressSchema = z.object({
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  /** Kept as the job's result so far (e.g. the cursor and counts to resume from). */
  result: z.record(z.string(), z.unknown()).optional(),
});
export const NodeJobProgressAnswerSchema = z.object({ stop: z.boolean() });

export const NodeJobFinishSchema = z.object({
  status: z.enum(['done', 'stopped', 'failed']),
  result: z.record(z.string(), z.unknown()).default({}),
  error: z.string().max(2000).optional(),
});

export const NodeExportItemSchema = z.object({
  recordingId: z.string(),
  /** Relative path inside the target folder, e.g. `conference/2026-11/2026-11-26_1000_room-301_a1b2c3d4.mp3`. */
  path: z.string(),
  format: z.enum(['wav', 'gsm', 'mp3']),
  size: z.number().int(),
  startedAt: z.iso.datetime(),
});
export const NodeExportItemsSchema = z.object({
  items: z.array(NodeExportItemSchema),
  /** Opaque cursor for the next page; null at the end. */
  next: z.string().nullable(),
  /** Recordings in the whole export (for the progress bar). */
  total: z.number().int(),
});
export type NodeExportItems = z.infer<typeof NodeExportItemsSchema>;
