import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { BlobMismatchError, isSafeKey, type BlobPutOptions, type BlobStore } from '../../functions/services/storage/blob-store.js';

/**
 * Objects as plain files under one root (the embedded default: `<RAMAL_DATA_DIR>/objects`).
 * Writes go to a temporary file that is checked, fsynced and renamed into place, so a reader
 * never sees half an object and a crash leaves at most a stray temporary file.
 */
export class FilesystemStore implements BlobStore {
  readonly kind = 'filesystem' as const;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    if (!isSafeKey(key)) throw new BlobMismatchError(`invalid object key: ${key}`);
    const full = join(this.root, ...key.split('/'));
    if (!full.startsWith(this.root + sep)) throw new BlobMismatchError(`invalid object key: ${key}`);
    return full;
  }

  async head(key: string): Promise<{ size: number } | null> {
    try {
      const s = await stat(this.path(key));
      return s.isFile() ? { size: s.size } : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async put(key: string, body: ReadableStream<Uint8Array> | Uint8Array, options: BlobPutOptions): Promise<void> {
    const target = this.path(key);
    const tmpDir = join(this.root, '.tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    try {
      const hash = createHash('sha256');
      let size = 0;
      const out = createWriteStream(tmp, { flags: 'wx' });
      const write = (chunk: Uint8Array) =>
        new Promise<void>((done, fail) => {
          hash.update(chunk);
          size += chunk.byteLength;
          if (options.size !== undefined && size > options.size) fail(new BlobMismatchError(`body is longer than the announced ${options.size} bytes`));
          else out.write(chunk, (err) => (err ? fail(err) : done()));
        });
      try {
        if (body instanceof Uint8Array) await write(body);
        else for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) await write(chunk);
      } finally {
        await new Promise<void>((done) => out.end(done));
      }
      if (options.size !== undefined && size !== options.size) throw new BlobMismatchError(`body has ${size} bytes, ${options.size} were announced`);
      const digest = hash.digest('hex');
      if (options.sha256 !== undefined && digest !== options.sha256.toLowerCase()) throw new BlobMismatchError(`body has SHA-256 ${digest}, ${options.sha256} was announced`);
      const handle = await open(tmp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await mkdir(dirname(target), { recursive: true });
      await rename(tmp, target);
      await syncDir(dirname(target));
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<ReadableStream<Uint8Array> | null> {
    if (!(await this.head(key))) return null;
    return Readable.toWeb(createReadStream(this.path(key))) as ReadableStream<Uint8Array>;
  }

  async getRange(key: string, start: number, endInclusive: number): Promise<ReadableStream<Uint8Array> | null> {
    if (!(await this.head(key))) return null;
    return Readable.toWeb(createReadStream(this.path(key), { start, end: endInclusive })) as ReadableStream<Uint8Array>;
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** Uploads go through the central app (PUT /api/v1/node/blobs/<key>). */
  async presignPut(_key: string, _options: object): Promise<null> {
    return null;
  }

  async presignGet(_key: string, _seconds: number): Promise<null> {
    return null;
  }
}

/** The rename is durable only once the directory entry is on disk too. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the data itself is already synced.
  } finally {
    await handle.close();
  }
}
