import { eq, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { sites, users } from '../../../schema/index.js';
import { can, type Action, type Module } from '../auth/permissions.js';
import type { Scope } from '../scope.js';
import type { HostMetrics } from './host-metrics.js';
import { diskTrend, latestHeartbeats, type SiteHealth } from './heartbeats.js';
import { myVoicemail, systemVoicemail, type MyVoicemail, type SystemVoicemail } from './voicemail-gadgets.js';
import { conferenceGadgets, type ConferenceGadgets } from './conference-gadgets.js';
import { recordingGadgets, type RecordingGadgets } from './recording-gadgets.js';
import { storeFreeBytes } from '../storage/store-free-space.js';

/** The system gadgets of manual 2.4 and the modules' own (v-mailer, manual 3.2). */
export const GADGETS = [
  { id: 'server-state', permission: ['system', 'view'] },
  { id: 'app-resources', permission: ['system', 'view'] },
  { id: 'memory', permission: ['system', 'view'] },
  { id: 'disk', permission: ['system', 'view'] },
  { id: 'system-info', permission: ['system', 'view'] },
  { id: 'vm-mine', permission: ['vmailer', 'view'] },
  // `can` lets the organization's administrator through as well.
  { id: 'vm-system', permission: ['vmailer', 'configure'] },
  // v-conference (manual 4.2).
  { id: 'conf-calendar', permission: ['vconference', 'view'] },
  { id: 'conf-time', permission: ['vconference', 'view'] },
  { id: 'conf-recordings', permission: ['vconference', 'view'] },
  { id: 'conf-live', permission: ['vconference', 'view'] },
  // v-rec (manual 5.2).
  { id: 'rec-stored', permission: ['vrec', 'view'] },
  { id: 'rec-storage', permission: ['vrec', 'view'] },
] as const satisfies readonly { id: string; permission: readonly [Module, Action] }[];

export type GadgetId = (typeof GADGETS)[number]['id'];

export function isGadgetId(id: string): id is GadgetId {
  return GADGETS.some((g) => g.id === id);
}

export function allowedGadgets(scope: Scope): GadgetId[] {
  return GADGETS.filter((g) => can(scope.grants, g.permission[0], g.permission[1])).map((g) => g.id);
}

/** The user's layout: saved order of allowed gadgets, or every allowed gadget by default. */
export function layoutFor(saved: string[] | null, scope: Scope): GadgetId[] {
  const allowed = allowedGadgets(scope);
  if (!saved) return allowed;
  return saved.filter((id): id is GadgetId => isGadgetId(id) && allowed.includes(id));
}

/** A node that has not reported for this long is shown as offline. */
export const NODE_OFFLINE_MS = 2 * 60 * 1000;

export interface GadgetData {
  now: Date;
  version: string;
  runtime: string;
  host: HostMetrics | null;
  databaseOk: boolean;
  sites: SiteHealth[];
  diskTrends: Record<string, { at: number; used: number; total: number }[]>;
  counts: { users: number; sites: number };
  /** Loaded only when their gadget is wanted: the other gadgets never pay for these queries. */
  voicemail: { mine: MyVoicemail | null; system: SystemVoicemail | null };
  conference: ConferenceGadgets | null;
  recordings: RecordingGadgets | null;
}

/** Everything the system gadgets draw, loaded once per dashboard view or refresh. */
export async function loadGadgetData(deps: Deps, scope: Scope, wanted: GadgetId[]): Promise<GadgetData> {
  const { db } = deps;
  const now = deps.now();
  const [host, siteHealth, counts, databaseOk] = await Promise.all([
    deps.hostMetrics(),
    latestHeartbeats(db, scope),
    Promise.all([db.$count(users, eq(users.orgId, scope.orgId)), db.$count(sites, eq(sites.orgId, scope.orgId))]),
    db.run(sql`select 1`).then(() => true, () => false),
  ]);
  const diskTrends: GadgetData['diskTrends'] = {};
  if (wanted.includes('disk')) {
    for (const site of siteHealth) diskTrends[site.siteId] = await diskTrend(db, site.siteId, now);
  }
  const recWanted = { stored: wanted.includes('rec-stored'), storage: wanted.includes('rec-storage') };
  const freeBytes = wanted.includes('vm-system') || recWanted.storage ? await storeFreeBytes(db, deps.blobs, host, deps.config.RAMAL_STORAGE_CAPACITY ?? null) : null;
  const [mine, system] = await Promise.all([
    wanted.includes('vm-mine') ? myVoicemail(db, scope) : null,
    wanted.includes('vm-system') ? systemVoicemail(db, scope, now, freeBytes) : null,
  ]);
  const conference = wanted.some((id) => id.startsWith('conf-')) ? await conferenceGadgets(db, scope, now) : null;
  const recordings = recWanted.stored || recWanted.storage ? await recordingGadgets(db, scope, now, recWanted, freeBytes) : null;
  return {
    now, version: deps.version, runtime: deps.runtime, host, databaseOk, sites: siteHealth, diskTrends,
    counts: { users: counts[0], sites: counts[1] }, voicemail: { mine, system }, conference, recordings,
  };
}

export async function saveLayout(deps: Deps, userId: string, layout: GadgetId[]): Promise<void> {
  await deps.db.update(users).set({ dashboard: layout }).where(eq(users.id, userId));
}

export async function savedLayout(deps: Deps, userId: string): Promise<string[] | null> {
  const [row] = await deps.db.select({ dashboard: users.dashboard }).from(users).where(eq(users.id, userId));
  return row?.dashboard ?? null;
}
