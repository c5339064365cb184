import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId, updatedAt } from './columns.js';

/** How the central app reaches the PBX to list its extensions ("personalidades"). */
export type PbxConnection =
  | { kind: 'none' }
  | {
      kind: 'http';
      url: string;
      /** Sent verbatim as one header, e.g. "Authorization: Bearer xyz". */
      authHeader?: string;
      /** Dotted paths into the JSON answer. */
      mapping: { list: string; number: string; name: string; email: string };
    }
  | { kind: 'csv' };

/** A site is one PBX with its media node. */
export const sites = sqliteTable(
  'sites',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    voicemailOwnCode: text('voicemail_own_code').notNull().default('1001'),
    voicemailOtherCode: text('voicemail_other_code').notNull().default('1002'),
    conferenceCode: text('conference_code').notNull().default('1006'),
    pbxHost: text('pbx_host').notNull().default(''),
    pbxConnection: text('pbx_connection', { mode: 'json' }).$type<PbxConnection>().notNull(),
    /** 0 turns the scheduled PBX sync off. */
    syncIntervalMinutes: integer('sync_interval_minutes').notNull().default(60),
    lastSyncAt: integer('last_sync_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('sites_org_idx').on(t.orgId, t.name)],
);
