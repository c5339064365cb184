import { sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { audioItems } from '../../../schema/index.js';
import type { HostMetrics } from '../dashboard/host-metrics.js';
import type { BlobStore } from './blob-store.js';

/**
 * Bytes of audio in the object store, every organization's (they share the store), all three
 * encodings of each item. Read only when a capacity is configured: it sums every item.
 */
export async function storedAudioBytes(db: Db): Promise<number> {
  const [row] = await db
    .select({
      bytes: sql<number>`coalesce(sum(coalesce(json_extract(${audioItems.files}, '$.wav.size'), 0) + coalesce(json_extract(${audioItems.files}, '$.gsm.size'), 0) + coalesce(json_extract(${audioItems.files}, '$.mp3.size'), 0)), 0)`,
    })
    .from(audioItems);
  return Number(row?.bytes ?? 0);
}

/**
 * Free space of the object store for the dashboard's estimates. An S3 bucket has no size of its
 * own, so it is known only when the operator gives the capacity they pay for
 * (RAMAL_STORAGE_CAPACITY), less what Ramal keeps there. The filesystem store has the disk the
 * host metrics watch; a configured capacity limits it further. Null when nothing tells.
 */
export async function storeFreeBytes(db: Db, blobs: Pick<BlobStore, 'kind'> | null, host: HostMetrics | null, capacityBytes: number | null): Promise<number | null> {
  const disk = blobs?.kind === 'filesystem' && host && host.diskTotalBytes !== null && host.diskUsedBytes !== null
    ? Math.max(0, host.diskTotalBytes - host.diskUsedBytes)
    : null;
  if (!blobs || capacityBytes === null) return disk;
  const quota = Math.max(0, capacityBytes - (await storedAudioBytes(db)));
  return disk === null ? quota : Math.min(disk, quota);
}
