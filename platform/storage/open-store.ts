import { join, resolve } from 'node:path';
import type { Config } from '../../functions/env.js';
import type { BlobStore } from '../../functions/services/storage/blob-store.js';
import { FilesystemStore } from './filesystem-store.js';
import { MinioStore } from './minio-store.js';

/** The object store the configuration names (env.ts has checked the S3 settings are present). */
export function openBlobStore(config: Config): BlobStore {
  if (config.RAMAL_STORAGE === 's3') {
    return new MinioStore({
      endpoint: config.S3_ENDPOINT!, region: config.S3_REGION, bucket: config.S3_BUCKET!, accessKey: config.S3_ACCESS_KEY!, secretKey: config.S3_SECRET_KEY!,
    });
  }
  return new FilesystemStore(join(resolve(config.RAMAL_DATA_DIR), 'objects'));
}
