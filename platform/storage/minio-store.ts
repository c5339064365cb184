import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { Client, S3Error } from 'minio';
import { BlobMismatchError, isSafeKey, type BlobPutOptions, type BlobStore, type PresignedPut } from '../../functions/services/storage/blob-store.js';

export interface MinioStoreOptions {
  /** http(s)://host[:port] of MinIO or any S3-compatible service. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
}

const MISSING = new Set(['NoSuchKey', 'NotFound', 'NoSuchObject']);

/** Objects in one S3 bucket through the `minio` client; media nodes upload with presigned URLs. */
export class MinioStore implements BlobStore {
  readonly kind = 's3' as const;
  private readonly client: Client;
  private readonly bucket: string;
  private readonly region: string;
  private bucketReady: Promise<void> | null = null;

  constructor(options: MinioStoreOptions) {
    const url = new URL(options.endpoint);
    const useSSL = url.protocol === 'https:';
    this.client = new Client({
      endPoint: url.hostname, port: url.port ? Number(url.port) : useSSL ? 443 : 80, useSSL, region: options.region,
      accessKey: options.accessKey, secretKey: options.secretKey,
      // Path-style works on MinIO, s3rver and AWS alike, and needs no wildcard DNS for buckets.
      pathStyle: true,
    });
    this.bucket = options.bucket;
    this.region = options.region;
  }

  /** Made once on first use; a failure is forgotten so the next call tries again. */
  private ensureBucket(): Promise<void> {
    this.bucketReady ??= (async () => {
      if (!(await this.client.bucketExists(this.bucket))) await this.client.makeBucket(this.bucket, this.region);
    })().catch((err: unknown) => {
      this.bucketReady = null;
      throw err;
    });
    return this.bucketReady;
  }

  private checked(key: string): string {
    if (!isSafeKey(key)) throw new BlobMismatchError(`invalid object key: ${key}`);
    return key;
  }

  async head(key: string): Promise<{ size: number } | null> {
    await this.ensureBucket();
    try {
      const stat = await this.client.statObject(this.bucket, this.checked(key));
      return { size: stat.size };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async put(key: string, body: ReadableStream<Uint8Array> | Uint8Array, options: BlobPutOptions): Promise<void> {
    await this.ensureBucket();
    this.checked(key);
    const metaData = options.contentType ? { 'Content-Type': options.contentType } : {};
    // Without a length the client would need a multipart upload, which some S3 look-alikes lack;
    // callers here always know the length of big bodies, so a small unsized one is read whole.
    if (!(body instanceof Uint8Array) && options.size === undefined) body = new Uint8Array(await new Response(body).arrayBuffer());
    if (body instanceof Uint8Array) {
      verify(body.byteLength, createHash('sha256').update(body).digest('hex'), options);
      await this.client.putObject(this.bucket, key, Buffer.from(body.buffer, body.byteOffset, body.byteLength), body.byteLength, metaData);
      return;
    }
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
    // The body lands under a temporary key and is copied into place only once checked, so a bad
    // upload never replaces a good object (S3 has no commit conditioned on our own digest).
    const partial = `.partial/${randomUUID()}`;
    try {
      await this.client.putObject(this.bucket, partial, source.pipe(counter), options.size, metaData);
      verify(size, hash.digest('hex'), options);
      await this.client.copyObject(this.bucket, key, `/${this.bucket}/${partial}`);
    } finally {
      await this.client.removeObject(this.bucket, partial).catch(() => undefined);
    }
  }

  async get(key: string): Promise<ReadableStream<Uint8Array> | null> {
    await this.ensureBucket();
    try {
      const stream = await this.client.getObject(this.bucket, this.checked(key));
      return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async getRange(key: string, start: number, endInclusive: number): Promise<ReadableStream<Uint8Array> | null> {
    await this.ensureBucket();
    try {
      const stream = await this.client.getPartialObject(this.bucket, this.checked(key), start, endInclusive - start + 1);
      return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.ensureBucket();
    await this.client.removeObject(this.bucket, this.checked(key));
  }

  async presignPut(key: string, options: { seconds?: number } = {}): Promise<PresignedPut> {
    await this.ensureBucket();
    const url = await this.client.presignedPutObject(this.bucket, this.checked(key), options.seconds ?? 3600);
    return { url, headers: {} };
  }

  async presignGet(key: string, seconds: number): Promise<string> {
    await this.ensureBucket();
    return this.client.presignedGetObject(this.bucket, this.checked(key), seconds);
  }
}

function verify(size: number, sha256: string, options: BlobPutOptions): void {
  if (options.size !== undefined && size !== options.size) throw new BlobMismatchError(`body has ${size} bytes, ${options.size} were announced`);
  if (options.sha256 !== undefined && sha256 !== options.sha256.toLowerCase()) throw new BlobMismatchError(`body has SHA-256 ${sha256}, ${options.sha256} was announced`);
}

function isMissing(err: unknown): boolean {
  return err instanceof S3Error && MISSING.has(String(err.code));
}
