import { z } from 'zod';
import { ApiError, notFound } from '../../errors.js';
import type { BlobStore, PresignedPut } from '../storage/blob-store.js';

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 as 64 lower-case hex digits');

/** How long a presigned upload URL stays valid. */
export const UPLOAD_URL_SECONDS = 3600;

/** A path below the node's own prefix, e.g. audio/<uuid>/audio.wav. */
export const NodeRelativeName = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9._/-]+$/, 'letters, digits, ".", "_", "-" and "/" only')
  .refine((n) => !n.startsWith('/'), 'must not start with "/"')
  .refine((n) => n.split('/').every((part) => part !== '' && part !== '.' && part !== '..'), 'no empty, "." or ".." parts');

export const UploadRequestSchema = z.object({
  name: NodeRelativeName,
  contentType: z.string().max(100).regex(/^[\w.+-]+\/[\w.+-]+$/, 'a media type such as audio/wav'),
  size: z.number().int().min(0).max(2 ** 40),
  sha256: Sha256Schema,
});
export type UploadRequest = z.infer<typeof UploadRequestSchema>;

export interface UploadPlan {
  key: string;
  upload: (PresignedPut & { method: 'PUT' }) | null;
}

/** Every object of a site lives under this prefix; a node token reaches nothing else. */
export function sitePrefix(orgId: string, siteId: string): string {
  return `org/${orgId}/site/${siteId}/`;
}

/** The key must lie under the node's own prefix; any other answers 404 like other tenants' data. */
export function ownKey(orgId: string, siteId: string, key: string): string {
  const prefix = sitePrefix(orgId, siteId);
  const rest = key.startsWith(prefix) ? key.slice(prefix.length) : null;
  if (rest === null || !NodeRelativeName.safeParse(rest).success) throw notFound('object');
  return key;
}

export function requireBlobs(blobs: BlobStore | null): BlobStore {
  if (!blobs) throw new ApiError('NOT_CONFIGURED', 'no object storage is configured on this server, so media nodes cannot upload audio here');
  return blobs;
}

/**
 * Where the node sends one file. Nothing to send when the store already holds the key at that
 * size (a retry after a lost answer). `selfUrl` is the central app's own upload URL for the key,
 * used when the store cannot presign (the filesystem store).
 */
export async function planUpload(blobs: BlobStore, orgId: string, siteId: string, input: UploadRequest, selfUrl: (key: string) => string): Promise<UploadPlan> {
  const key = sitePrefix(orgId, siteId) + input.name;
  const existing = await blobs.head(key);
  if (existing && existing.size === input.size) return { key, upload: null };
  const presigned = await blobs.presignPut(key, { size: input.size, sha256: input.sha256, contentType: input.contentType, seconds: UPLOAD_URL_SECONDS });
  if (presigned) return { key, upload: { method: 'PUT', ...presigned } };
  return {
    key,
    upload: { method: 'PUT', url: selfUrl(key), headers: { 'content-type': input.contentType, 'x-ramal-sha256': input.sha256, 'x-ramal-size': String(input.size) } },
  };
}
