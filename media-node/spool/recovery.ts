import { open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeLogger } from '../log.js';
import { TEMP_SUFFIX, fsyncDir, moveDurable, writeFileAtomic } from './atomic-write.js';
import { ITEM_MANIFEST, audioFileName, type SpoolLayout } from './layout.js';
import { ItemManifestSchema, type ItemManifest } from './manifest.js';
import { WAV_HEADER_BYTES, durationMsOf, spoolWavHeader } from './wav-file.js';

export async function readManifest(dir: string): Promise<ItemManifest | null> {
  try {
    const parsed = ItemManifestSchema.safeParse(JSON.parse(await readFile(join(dir, ITEM_MANIFEST), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Deletes temp files a crash left behind (their content was never acknowledged to anyone). */
export async function removeTempFiles(dir: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.endsWith(TEMP_SUFFIX)) {
      await rm(join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}

/**
 * Turns an interrupted streaming recording into a complete item: the audio synced so far is kept,
 * trimmed to whole samples, its header rebuilt and its true duration written to the manifest.
 */
async function sealRecording(dir: string, manifest: ItemManifest): Promise<ItemManifest | null> {
  const wavPath = join(dir, audioFileName('wav'));
  const size = await stat(wavPath).then((s) => s.size, () => 0);
  const frameBytes = manifest.channels * 2;
  const dataBytes = Math.max(0, size - WAV_HEADER_BYTES);
  const usable = dataBytes - (dataBytes % frameBytes);
  if (usable === 0) return null;
  const handle = await open(wavPath, 'r+');
  try {
    await handle.truncate(WAV_HEADER_BYTES + usable);
    await handle.write(spoolWavHeader(manifest.channels, usable), 0, WAV_HEADER_BYTES, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const durationMs = durationMsOf(usable, manifest.channels);
  const sealed: ItemManifest = {
    ...manifest, state: 'complete', durationMs,
    metadata: { ...manifest.metadata, recovered: { reason: 'interrupted', recoveredAt: new Date().toISOString(), durationMs } },
  };
  await writeFileAtomic(join(dir, ITEM_MANIFEST), JSON.stringify(sealed));
  return sealed;
}

/** Run once at open, before anyone writes: settles everything a crash may have left in incoming/. */
export async function recoverIncoming(layout: SpoolLayout, log: NodeLogger): Promise<{ recovered: number; moved: number; discarded: number }> {
  const result = { recovered: 0, moved: 0, discarded: 0 };
  await removeTempFiles(layout.incoming);
  for (const name of await readdir(layout.incoming)) {
    const dir = join(layout.incoming, name);
    if (!(await stat(dir)).isDirectory()) {
      await rm(dir, { force: true });
      continue;
    }
    await removeTempFiles(dir);
    let manifest = await readManifest(dir);
    if (manifest?.state === 'recording') {
      manifest = await sealRecording(dir, manifest);
      if (manifest) {
        result.recovered++;
        log.warn('recovered an interrupted recording', { itemId: manifest.id, durationMs: manifest.durationMs });
      }
    } else if (manifest) result.moved++;
    const target = join(layout.audio, name);
    const exists = await stat(target).then(() => true, () => false);
    if (!manifest || manifest.id !== name || exists) {
      // Never acknowledged (no manifest, no audio) or already complete under audio/.
      await rm(dir, { recursive: true, force: true });
      result.discarded++;
      continue;
    }
    await moveDurable(dir, target);
  }
  await fsyncDir(layout.incoming);
  return result;
}
