import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/env.js';
import { openBlobStore } from '../../../platform/storage/open-store.js';

describe('storage settings', () => {
  it('default to the file store under RAMAL_DATA_DIR/objects', () => {
    const config = parseConfig({ RAMAL_DATA_DIR: '/tmp/ramal-x' });
    expect(config.RAMAL_STORAGE).toBe('filesystem');
    expect(openBlobStore(config).kind).toBe('filesystem');
  });

  it('with RAMAL_STORAGE=s3, name every missing S3 setting', () => {
    expect(() => parseConfig({ RAMAL_STORAGE: 's3' })).toThrow(/S3_ENDPOINT: required[\s\S]*S3_BUCKET: required[\s\S]*S3_ACCESS_KEY: required[\s\S]*S3_SECRET_KEY: required/);
  });

  it('refuse an endpoint that is not an http(s) URL and a bucket name S3 would refuse', () => {
    const base = { RAMAL_STORAGE: 's3', S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's' };
    expect(() => parseConfig({ ...base, S3_ENDPOINT: 'minio:9000', S3_BUCKET: 'ok-bucket' })).toThrow(/S3_ENDPOINT/);
    expect(() => parseConfig({ ...base, S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET/);
  });

  it('open an S3 store when complete', () => {
    const config = parseConfig({ RAMAL_STORAGE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_BUCKET: 'ramal', S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's' });
    expect(config.S3_REGION).toBe('us-east-1');
    expect(openBlobStore(config).kind).toBe('s3');
  });
});
