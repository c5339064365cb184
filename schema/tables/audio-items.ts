import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, orgId } from './columns.js';

export type AudioKind = 'call-recording' | 'voicemail' | 'conference-recording' | 'greeting' | 'test';

/** Where one encoding of an audio item lives in object storage. */
export interface AudioFile {
  key: string;
  size: number;
  sha256: string;
}

export interface AudioFiles {
  wav: AudioFile;
  gsm: AudioFile;
  mp3: AudioFile;
}

/** A recording, message or greeting a media node stored; the id is the node's, for idempotent retries. */
export const audioItems = sqliteTable(
  'audio_items',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    siteId: text('site_id').notNull(),
    kind: text('kind', { enum: ['call-recording', 'voicemail', 'conference-recording', 'greeting', 'test'] }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    files: text('files', { mode: 'json' }).$type<AudioFiles>().notNull(),
    metadata: text('metadata', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('audio_items_org_site_started_idx').on(t.orgId, t.siteId, t.startedAt)],
);
