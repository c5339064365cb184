import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MinioStore } from '../../../platform/storage/minio-store.js';
import { BlobMismatchError } from '../../../functions/services/storage/blob-store.js';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.js';

let s3: LocalS3;
let store: MinioStore;

beforeAll(async () => {
  s3 = await startLocalS3();
  // A bucket that does not exist yet: the store makes it on first use.
  store = new MinioStore({ endpoint: s3.endpoint, region: 'us-east-1', bucket: 'ramal-audio', accessKey: s3.accessKey, secretKey: s3.secretKey });
});
afterAll(() => s3.close());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const text = async (s: ReadableStream<Uint8Array> | null) => (s ? new Response(s).text() : null);

describe('MinioStore against s3rver', () => {
  it('puts, heads, gets and deletes an object', async () => {
    const body = new TextEncoder().encode('hello audio');
    await store.put('org/o/site/s/a.wav', body, { size: body.byteLength, sha256: sha(body), contentType: 'audio/wav' });
    expect(await store.head('org/o/site/s/a.wav')).toEqual({ size: body.byteLength });
    expect(await text(await store.get('org/o/site/s/a.wav'))).toBe('hello audio');
    await store.delete('org/o/site/s/a.wav');
    expect(await store.head('org/o/site/s/a.wav')).toBeNull();
    expect(await store.get('org/o/site/s/a.wav')).toBeNull();
  });

  it('puts a stream', async () => {
    const parts = ['one ', 'two ', 'three'];
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of parts) c.enqueue(new TextEncoder().encode(p));
        c.close();
      },
    });
    const whole = new TextEncoder().encode(parts.join(''));
    await store.put('streamed.bin', stream, { size: whole.byteLength, sha256: sha(whole) });
    expect(await text(await store.get('streamed.bin'))).toBe('one two three');
  });

  it('refuses a body whose checksum differs, leaving no object', async () => {
    const body = new TextEncoder().encode('tampered');
    await expect(store.put('bad.bin', body, { sha256: sha(new TextEncoder().encode('original')) })).rejects.toBeInstanceOf(BlobMismatchError);
    const stream = new Blob([body]).stream();
    await expect(store.put('bad-stream.bin', stream, { size: body.byteLength, sha256: 'f'.repeat(64) })).rejects.toBeInstanceOf(BlobMismatchError);
    expect(await store.head('bad.bin')).toBeNull();
    expect(await store.head('bad-stream.bin')).toBeNull();
  });

  it('a refused stream leaves an older object of that key intact', async () => {
    const good = new TextEncoder().encode('good');
    await store.put('kept.bin', good, { sha256: sha(good) });
    await expect(store.put('kept.bin', new Blob(['evil']).stream(), { sha256: sha(good) })).rejects.toBeInstanceOf(BlobMismatchError);
    await expect(store.put('kept.bin', new Blob(['evil']).stream(), { size: 4, sha256: sha(good) })).rejects.toBeInstanceOf(BlobMismatchError);
    expect(await text(await store.get('kept.bin'))).toBe('good');
  });

  it('refuses unsafe keys', async () => {
    await expect(store.head('../escape')).rejects.toBeInstanceOf(BlobMismatchError);
  });

  it('presigns a PUT that a plain fetch can use, and a GET that reads it back', async () => {
    const presigned = await store.presignPut('org/o/site/s/presigned.mp3', { seconds: 600 });
    expect(presigned.url).toMatch(new RegExp(`^${s3.endpoint}/ramal-audio/org/o/site/s/presigned\\.mp3\\?.*X-Amz-Signature=`));
    const body = new TextEncoder().encode('ID3 mp3 bytes');
    const put = await fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body });
    expect(put.status).toBe(200);
    expect(await store.head('org/o/site/s/presigned.mp3')).toEqual({ size: body.byteLength });
    const get = await fetch(await store.presignGet('org/o/site/s/presigned.mp3', 60));
    expect(await get.text()).toBe('ID3 mp3 bytes');
  });

  it('fails while the endpoint is down and works again after it is back', async () => {
    await s3.stop();
    await expect(store.head('streamed.bin')).rejects.toThrow();
    await s3.start();
    expect(await store.head('streamed.bin')).toEqual({ size: 13 });
  });
});
