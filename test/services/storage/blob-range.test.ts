import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemStore } from '../../../platform/storage/filesystem-store.js';
import { MinioStore } from '../../../platform/storage/minio-store.js';
import type { BlobStore } from '../../../functions/services/storage/blob-store.js';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.js';

let dir: string;
let s3: LocalS3;
const body = new Uint8Array(randomBytes(70_000));
const read = async (s: ReadableStream<Uint8Array> | null) => (s ? new Uint8Array(await new Response(s).arrayBuffer()) : null);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-range-'));
  s3 = await startLocalS3();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await s3.close();
});

const stores: [string, () => BlobStore][] = [
  ['filesystem', () => new FilesystemStore(dir)],
  ['s3', () => new MinioStore({ endpoint: s3.endpoint, region: 'us-east-1', bucket: 'range-test', accessKey: s3.accessKey, secretKey: s3.secretKey })],
];

describe.each(stores)('getRange on the %s store', (_name, make) => {
  it('reads exactly the asked bytes, ends included', async () => {
    const store = make();
    await store.put('vm/a.wav', body, { size: body.byteLength });
    expect(await read(await store.getRange!('vm/a.wav', 1000, 1999))).toEqual(body.subarray(1000, 2000));
    expect(await read(await store.getRange!('vm/a.wav', 69_990, 69_999))).toEqual(body.subarray(69_990));
  });

  it('answers null for a missing object', async () => {
    expect(await make().getRange!('vm/missing.wav', 0, 10)).toBeNull();
  });
});
