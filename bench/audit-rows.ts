import { EXPORT_WORD, GROUP_NAMES, PROFILE_NAMES, SELECTIVE_WORD, SITE_NAMES, TOKEN_NAMES, emailOf, fullName, pick } from './vocab.js';

/** One audit_log row in column order: id, org_id, actor_id, actor_name, action, entity_type, entity_id, summary, created_at. */
export type AuditValues = [string, string, string | null, string, string, string, string | null, string, number];

interface Event {
  weight: number;
  action: string;
  entity: string;
  summary: (rand: () => number, i: number) => string;
}

const ip = (rand: () => number) => `10.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
const num = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** Rough shape of a busy tenant: mostly sign-ins, then user and group changes, a few syncs. */
const EVENTS: Event[] = [
  { weight: 30, action: 'sign-in', entity: 'session', summary: (r) => `Signed in from ${ip(r)}` },
  { weight: 8, action: 'sign-out', entity: 'session', summary: () => 'Signed out' },
  { weight: 9, action: 'create', entity: 'user', summary: (r, i) => { const n = fullName(r); return `${n} <${emailOf(n, i)}>`; } },
  { weight: 9, action: 'update', entity: 'user', summary: (r) => `${fullName(r)}: profile ${pick(r, PROFILE_NAMES)}, extension ${num(r, 1000, 8999)}` },
  { weight: 3, action: 'delete', entity: 'user', summary: (r) => fullName(r) },
  { weight: 10, action: 'add-members', entity: 'group', summary: (r) => `${num(r, 1, 12)} members added to group ${pick(r, GROUP_NAMES)}` },
  { weight: 6, action: 'remove-members', entity: 'group', summary: (r) => `${num(r, 1, 5)} members removed from group ${pick(r, GROUP_NAMES)}` },
  { weight: 6, action: 'update', entity: 'group', summary: (r) => `Group ${pick(r, GROUP_NAMES)}: name and supervisor` },
  { weight: 3, action: 'create', entity: 'group', summary: (r) => `Group ${pick(r, GROUP_NAMES)} ${num(r, 2, 9)}` },
  { weight: 3, action: 'update', entity: 'profile', summary: (r) => `Profile ${pick(r, PROFILE_NAMES)}: permissions changed` },
  { weight: 2, action: 'update', entity: 'site', summary: (r) => `Site ${pick(r, SITE_NAMES)}: PBX connection` },
  { weight: 4, action: 'sync', entity: 'sync', summary: (r) => `PBX sync of ${pick(r, SITE_NAMES)}: ${num(r, 0, 300)} extensions updated` },
  { weight: 2, action: 'create', entity: 'token', summary: (r) => `${pick(r, TOKEN_NAMES)} (integration)` },
  { weight: 1, action: 'revoke', entity: 'token', summary: (r) => pick(r, TOKEN_NAMES) },
  { weight: 4, action: 'password', entity: 'account', summary: () => 'Password changed' },
];

const TOTAL_WEIGHT = EVENTS.reduce((n, e) => n + e.weight, 0);

function chooseEvent(rand: () => number): Event {
  let x = rand() * TOTAL_WEIGHT;
  for (const e of EVENTS) if ((x -= e.weight) < 0) return e;
  return EVENTS[0]!;
}

export interface AuditSeedOptions {
  orgId: string;
  rows: number;
  /** Timestamps spread evenly from `end - spanMs` to `end`, in insertion order, as an append-only log is. */
  end: number;
  spanMs: number;
  /** Actor ids to attribute rows to (the seeded users), or none. */
  actorIds: string[];
}

/** Row `i` of the seed; rand is shared so the data set is reproducible for a given seed. */
export function auditRow(o: AuditSeedOptions, i: number, rand: () => number): AuditValues {
  const event = chooseEvent(rand);
  const byToken = event.action === 'sync' || rand() < 0.05;
  const actorName = byToken ? `token:${pick(rand, TOKEN_NAMES)}` : fullName(rand);
  const actorId = o.actorIds.length && !byToken ? pick(rand, o.actorIds) : null;
  let summary = event.summary(rand, i);
  if (i % 2000 === 7) summary += ` after ${SELECTIVE_WORD} upgrade`;
  if (i % 10 === 0) summary += ` (${EXPORT_WORD} review)`;
  const slot = o.spanMs / o.rows;
  const at = Math.floor(o.end - o.spanMs + i * slot + rand() * slot);
  const entityId = event.entity === 'session' || event.entity === 'account' ? null : crypto.randomUUID();
  return [crypto.randomUUID(), o.orgId, actorId, actorName, event.action, event.entity, entityId, summary, at];
}
