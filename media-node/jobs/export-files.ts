import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fsyncDir } from '../spool/atomic-write.js';

/** Why an export cannot write where it was told to; the message is what the user reads on the job. */
export class ExportTargetError extends Error {
  readonly code = 'EXPORT_TARGET';
  constructor(message: string) {
    super(message);
    this.name = 'ExportTargetError';
  }
}

/**
 * The export root must already be there and take files: an unmounted USB disk shows as a missing
 * folder, and a read-only or full one fails the probe, before anything is downloaded. Where the
 * root is a disk's mount point, `requireMount` also refuses the empty folder an unmounted disk
 * leaves behind, which would otherwise fill the node's own disk.
 */
export async function checkExportRoot(root: string, options: { requireMount?: boolean } = {}): Promise<void> {
  const info = await stat(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new ExportTargetError(`the export folder ${root} does not exist: is the USB disk plugged in and mounted?`);
    throw new ExportTargetError(`the export folder ${root} cannot be read: ${error.message}`);
  });
  if (!info.isDirectory()) throw new ExportTargetError(`the export folder ${root} is not a folder`);
  if (options.requireMount && !(await isMountPoint(root, info.dev))) {
    throw new ExportTargetError(`the export folder ${root} is not a mounted disk: is the USB disk plugged in and mounted?`);
  }
  const probe = resolve(root, `.ramal-write-test-${randomBytes(4).toString('hex')}`);
  try {
    await (await open(probe, 'w')).close();
    await rm(probe, { force: true });
  } catch (error) {
    throw new ExportTargetError(`the export folder ${root} is not writable: ${(error as Error).message}`);
  }
}

/** A folder is a mount point when it sits on another device than its parent (as mountpoint(1) tells), or is /. */
async function isMountPoint(folder: string, dev: number): Promise<boolean> {
  const parent = resolve(folder, '..');
  if (parent === resolve(folder)) return true;
  return (await stat(parent)).dev !== dev;
}

/** The absolute file for a relative export path; a path that would leave the root is refused. */
export function exportTarget(root: string, path: string): string {
  const bad = path === '' || path.includes('\0') || path.includes('\\') || isAbsolute(path) || path.split('/').includes('..');
  const target = resolve(root, path);
  const inside = relative(root, target);
  if (bad || inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw new ExportTargetError(`refused to write ${JSON.stringify(path)}: the path leaves the export folder`);
  }
  return target;
}

/** Whether `file` already holds a complete copy (same size), so a resumed export does not rewrite it. */
export async function alreadyWritten(file: string, size: number): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  return Boolean(info?.isFile() && info.size === size);
}

/**
 * Streams `body` to `<file>.part`, fsyncs, checks the size and renames it into place, so a crash
 * or a pulled disk never leaves a short file under the final name. Returns the bytes written.
 */
export async function writeExportFile(file: string, body: ReadableStream<Uint8Array>, size: number, signal: AbortSignal): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  const part = `${file}.part`;
  const handle = await open(part, 'w');
  let written = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      signal.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      await handle.write(value);
      written += value.byteLength;
    }
    if (written !== size) throw new Error(`${file}: received ${written} bytes, expected ${size}`);
    await handle.sync();
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    await handle.close();
    await rm(part, { force: true });
    throw error;
  }
  await handle.close();
  await rename(part, file);
  await fsyncDir(dirname(file));
  return written;
}
