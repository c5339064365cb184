import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkExportRoot, exportTarget, writeExportFile } from '../../../media-node/jobs/export-files.js';
import { exportRoot } from './jobs-fixture.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('export paths and files on the node', () => {
  it('keeps a relative path under the root and refuses every way out', () => {
    expect(exportTarget('/mnt/usb', 'ramal/conference/2026-11/a.mp3')).toBe('/mnt/usb/ramal/conference/2026-11/a.mp3');
    for (const path of ['../a.mp3', 'ramal/../../a.mp3', '/etc/passwd', 'ramal\\..\\a.mp3', '', 'a\0.mp3']) {
      expect(() => exportTarget('/mnt/usb', path), JSON.stringify(path)).toThrow(/leaves the export folder/);
    }
  });

  it('refuses a root that is a file rather than a folder', async () => {
    const disk = await exportRoot();
    cleanups.push(disk.remove);
    const file = join(disk.base, 'a-file');
    await writeFile(file, 'x');
    await expect(checkExportRoot(file)).rejects.toMatchObject({ code: 'EXPORT_TARGET', message: expect.stringContaining('is not a folder') });
    await expect(checkExportRoot(disk.root)).resolves.toBeUndefined();
    expect(await readdir(disk.root)).toEqual([]);
  });

  it('with requireMount refuses the empty folder an unmounted disk leaves, and takes a mounted one', async () => {
    const disk = await exportRoot();
    cleanups.push(disk.remove);
    await expect(checkExportRoot(disk.root, { requireMount: true })).rejects.toMatchObject({ code: 'EXPORT_TARGET', message: expect.stringContaining('is not a mounted disk') });
    await expect(checkExportRoot(disk.root)).resolves.toBeUndefined();
    const mounted = await writableMountPoint();
    expect(mounted, 'a writable mount point other than / (e.g. /dev/shm)').toBeDefined();
    await expect(checkExportRoot(mounted!, { requireMount: true })).resolves.toBeUndefined();
  });

  it('leaves no file under the final name when the body is shorter than announced', async () => {
    const disk = await exportRoot();
    cleanups.push(disk.remove);
    const target = join(disk.root, 'x', 'short.wav');
    await expect(writeExportFile(target, new Blob([new Uint8Array(10)]).stream(), 20, new AbortController().signal)).rejects.toThrow(/received 10 bytes, expected 20/);
    expect(await readdir(join(disk.root, 'x'))).toEqual([]);
  });
});

/** A writable file system mounted on its own folder (tmpfs /dev/shm or /run on Linux), from the mount table. */
async function writableMountPoint(): Promise<string | undefined> {
  const table = await readFile('/proc/self/mounts', 'utf8');
  const points = table.split('\n').map((line) => line.split(' ')).filter((f) => f[2] === 'tmpfs' && f[1] && f[1] !== '/').map((f) => f[1]!.replace(/\\040/g, ' '));
  for (const point of points) {
    if (await checkExportRoot(point).then(() => true, () => false)) return point;
  }
  return undefined;
}
