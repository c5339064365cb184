import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db.js';
import { nodeHeartbeats, sites } from '../../../schema/index.js';
import { newId } from '../auth/random.js';
import { inScopeSites, type Scope } from '../scope.js';

export const HeartbeatSchema = z.object({
  version: z.string().min(1).max(40),
  uptimeSeconds: z.number().int().min(0),
  cpuPercent: z.number().min(0).max(100),
  memoryUsedBytes: z.number().int().min(0),
  memoryTotalBytes: z.number().int().min(0),
  diskUsedBytes: z.number().int().min(0),
  diskTotalBytes: z.number().int().min(0),
  activeCalls: z.number().int().min(0),
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

/** Samples older than this are dropped; trends on the dashboard look back one week at most. */
const KEEP_MS = 8 * 24 * 60 * 60 * 1000;

export async function recordHeartbeat(db: Db, orgId: string, siteId: string, beat: Heartbeat, now: Date): Promise<void> {
  await db.batch([
    db.insert(nodeHeartbeats).values({ id: newId(), orgId, siteId, at: now, ...beat }),
    db.delete(nodeHeartbeats).where(and(eq(nodeHeartbeats.siteId, siteId), lt(nodeHeartbeats.at, new Date(now.getTime() - KEEP_MS)))),
  ]);
}

export interface SiteHealth {
  siteId: string;
  siteName: string;
  latest: (Heartbeat & { at: Date }) | null;
}

/** The newest heartbeat of each visible site (null when its node never reported). */
export async function latestHeartbeats(db: Db, scope: Scope): Promise<SiteHealth[]> {
  const visible = inScopeSites(sites.id, scope);
  const siteRows = await db.select({ id: sites.id, name: sites.name }).from(sites).where(and(eq(sites.orgId, scope.orgId), visible)).orderBy(sql`${sites.name} collate nocase`);
  return Promise.all(
    siteRows.map(async (site) => {
      const [beat] = await db.select().from(nodeHeartbeats).where(eq(nodeHeartbeats.siteId, site.id)).orderBy(desc(nodeHeartbeats.at)).limit(1);
      return { siteId: site.id, siteName: site.name, latest: beat ?? null };
    }),
  );
}

/** Disk use over the last `hours`, one point per hour (the last sample of that hour), for trend charts. */
export async function diskTrend(db: Db, siteId: string, now: Date, hours = 24): Promise<{ at: number; used: number; total: number }[]> {
  const since = new Date(now.getTime() - hours * 3_600_000);
  const rows = await db
    .select({ hour: sql<number>`${nodeHeartbeats.at} / 3600000`, used: sql<number>`max(${nodeHeartbeats.diskUsedBytes})`, total: sql<number>`max(${nodeHeartbeats.diskTotalBytes})` })
    .from(nodeHeartbeats)
    .where(and(eq(nodeHeartbeats.siteId, siteId), gte(nodeHeartbeats.at, since)))
    .groupBy(sql`${nodeHeartbeats.at} / 3600000`)
    .orderBy(sql`${nodeHeartbeats.at} / 3600000`);
  return rows.map((r) => ({ at: r.hour * 3_600_000, used: r.used, total: r.total }));
}
