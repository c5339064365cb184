import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemStore } from '../../../platform/storage/filesystem-store.js';
import { BlobMismatchError } from '../../../functions/services/storage/blob-store.js';

let root: string;
let store: FilesystemStore;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ramal-fs-store-'));
  store = new FilesystemStore(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const enc = (s: string) => new TextEncoder().encode(s);

describe('FilesystemStore', () => {
  it('writes the object as a plain file under its key, and reads, heads and deletes it', async () => {
    await store.put('org/o/site/s/a.wav', enc('wave'), { size: 4, sha256: sha(enc('wave')) });
    expect(await readFile(join(root, 'org/o/site/s/a.wav'), 'utf8')).toBe('wave');
    expect(await store.head('org/o/site/s/a.wav')).toEqual({ size: 4 });
    expect(await new Response(await store.get('org/o/site/s/a.wav')).text()).toBe('wave');
    await store.delete('org/o/site/s/a.wav');
    expect(await store.head('org/o/site/s/a.wav')).toBeNull();
    expect(await store.get('org/o/site/s/a.wav')).toBeNull();
  });

  it('a refused body leaves neither the object nor a temporary file, and keeps an older version intact', async () => {
    await store.put('keep.bin', enc('old'), {});
    await expect(store.put('keep.bin', enc('new!'), { sha256: sha(enc('other')) })).rejects.toBeInstanceOf(BlobMismatchError);
    await expect(store.put('keep.bin', new Blob([enc('longer than said')]).stream(), { size: 3 })).rejects.toBeInstanceOf(BlobMismatchError);
    expect(await readFile(join(root, 'keep.bin'), 'utf8')).toBe('old');
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
  });

  it('refuses keys that would leave its folder', async () => {
    for (const key of ['../x', '/etc/passwd', 'a/../../x', 'a//b', '']) await expect(store.put(key, enc('x'), {}), key).rejects.toBeInstanceOf(BlobMismatchError);
  });

  it('has no URLs of its own', async () => {
    expect(await store.presignPut('a', {})).toBeNull();
    expect(await store.presignGet('a', 60)).toBeNull();
  });
});
