import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SpoolLayout } from './layout.js';

export interface SpoolStats {
  itemsPending: number;
  /** Bytes of pending audio (all files of items in audio/ and incoming/). */
  bytesPending: number;
  /** Age in ms of the oldest pending item or event, 0 when nothing waits. */
  oldestAgeMs: number;
  eventsPending: number;
  itemsRejected: number;
  recording: number;
}

async function dirEntries(dir: string): Promise<{ bytes: number; oldest: number }> {
  let bytes = 0;
  let oldest = Infinity;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const info = await stat(join(dir, name)).catch(() => null);
    if (!info) continue;
    bytes += info.size;
    oldest = Math.min(oldest, info.mtimeMs);
  }
  return { bytes, oldest };
}

/** Cheap enough for every heartbeat: stats of files, no manifest parsing. */
export async function spoolStats(layout: SpoolLayout): Promise<SpoolStats> {
  const now = Date.now();
  let bytesPending = 0;
  let oldest = Infinity;
  const items = await readdir(layout.audio);
  const recording = await readdir(layout.incoming);
  for (const id of [...items.map((i) => join(layout.audio, i)), ...recording.map((i) => join(layout.incoming, i))]) {
    const entry = await dirEntries(id);
    bytesPending += entry.bytes;
    oldest = Math.min(oldest, entry.oldest);
  }
  const events = await readdir(layout.events);
  oldest = Math.min(oldest, (await dirEntries(layout.events)).oldest);
  return {
    itemsPending: items.length,
    bytesPending,
    oldestAgeMs: oldest === Infinity ? 0 : Math.max(0, now - oldest),
    eventsPending: events.filter((n) => n.endsWith('.json')).length,
    itemsRejected: (await readdir(layout.rejected)).filter((n) => n !== 'events').length,
    recording: recording.length,
  };
}
