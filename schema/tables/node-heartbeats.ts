import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, orgId } from './columns.js';

/** Samples a media node sends about itself; the dashboard draws the latest and the trend. */
export const nodeHeartbeats = sqliteTable(
  'node_heartbeats',
  {
    id: id(),
    orgId: orgId(),
    siteId: text('site_id').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    version: text('version').notNull(),
    uptimeSeconds: integer('uptime_seconds').notNull(),
    cpuPercent: real('cpu_percent').notNull(),
    memoryUsedBytes: integer('memory_used_bytes').notNull(),
    memoryTotalBytes: integer('memory_total_bytes').notNull(),
    diskUsedBytes: integer('disk_used_bytes').notNull(),
    diskTotalBytes: integer('disk_total_bytes').notNull(),
    activeCalls: integer('active_calls').notNull(),
  },
  (t) => [index('heartbeats_site_at_idx').on(t.siteId, t.at)],
);
