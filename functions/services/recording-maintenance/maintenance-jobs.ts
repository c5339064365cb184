import { z } from 'zod';

/**
 * The maintenance jobs of the recording modules (manual 4.5.2/4.5.3, 5.5.1/5.5.2), shared by
 * v-conference and v-rec. The central job runner runs exports to a ZIP or to another S3 bucket and
 * the deletes; an export to a folder on a media node (a USB disk) is a node job
 * (services/jobs/node-jobs-contract.ts) that the site's node claims and carries out.
 */
export const RECORDINGS_EXPORT_JOB = 'recordings-export';
export const RECORDINGS_DELETE_JOB = 'recordings-delete';
/** Claimed by the site's media node, never by the central runner. */
export const NODE_RECORDINGS_EXPORT_JOB = 'node:recordings-export';

export const AudioFormatsSchema = z.array(z.enum(['wav', 'gsm', 'mp3'])).min(1).max(3);

const Period = {
  module: z.enum(['conference', 'calls']),
  /** Null = every site the starter may see. A node-folder export always names its site. */
  siteId: z.string().min(1).nullable().default(null),
  /** ISO instants; both null = all recordings. */
  from: z.iso.datetime({ offset: true }).nullable().default(null),
  to: z.iso.datetime({ offset: true }).nullable().default(null),
};

export const BucketTargetSchema = z.object({
  kind: z.literal('bucket'),
  endPoint: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535).optional(),
  useSSL: z.boolean().default(true),
  region: z.string().max(64).default('us-east-1'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
  /** Folder inside the bucket, without leading slash. */
  prefix: z.string().max(200).regex(/^(?!\/)[\w./-]*$/, 'letters, digits, . _ - and /').default(''),
  accessKey: z.string().min(1).max(200),
  /** Removed from the stored job input when the job finishes (done, failed or stopped). */
  secretKey: z.string().min(1).max(200),
});

export const ExportTargetSchema = z.discriminatedUnion('kind', [
  /** A ZIP in object storage under exports/<job id>.zip, downloadable from the job until it expires. */
  z.object({ kind: z.literal('zip') }),
  BucketTargetSchema,
  /** A folder under the node's export root (RAMAL_NODE_EXPORT_DIR, e.g. the USB disk's mount point). */
  z.object({
    kind: z.literal('node-folder'),
    folder: z.string().max(200).regex(/^(?![/.])[\w ./-]*$/, 'a relative folder: letters, digits, space, . _ - and /').refine((f) => !f.split('/').includes('..'), 'must stay inside the export folder (no ..)').default(''),
  }),
]);

export const RecordingsExportInputSchema = z.object({ ...Period, formats: AudioFormatsSchema.default(['mp3']), target: ExportTargetSchema });
export type RecordingsExportInput = z.infer<typeof RecordingsExportInputSchema>;

export const RecordingsDeleteInputSchema = z.object({
  ...Period,
  /** The retention rule's own deletes say so in their events. */
  via: z.enum(['maintenance', 'retention']).default('maintenance'),
});
export type RecordingsDeleteInput = z.infer<typeof RecordingsDeleteInputSchema>;

/** A finished export's result, shown by the page ("N recordings exported"). */
export const ExportResultSchema = z.object({
  exported: z.number().int(),
  files: z.number().int(),
  bytes: z.number().int(),
  /** ZIP target only: the object key of the archive, and when it is deleted. */
  zipKey: z.string().optional(),
  expiresAt: z.iso.datetime().optional(),
});
