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

/** Languages the media node has prompts in. */
export const PROMPT_LANGUAGES = ['pt-BR', 'en', 'es', 'ja', 'de', 'it', 'fr'] as const;
export type PromptLanguage = (typeof PROMPT_LANGUAGES)[number];

/** Digest credentials the node asks of callers that are not on the allowed address list. */
export interface SipCredentials {
  username: string;
  password: string;
}

/** The node as a SIP trunk toward the PBX; `register` makes it send REGISTER to the registrar. */
export interface SipTrunk {
  register: boolean;
  registrar: string;
  username: string;
  password: string;
  expiresSeconds: number;
}

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
    /** Public conference rooms not yet ended the site may hold at once (manual 4.3). */
    conferenceMaxRooms: integer('conference_max_rooms').notNull().default(10),
    echoTestCode: text('echo_test_code').notNull().default('1009'),
    recorderCode: text('recorder_code').notNull().default('rec'),
    /** Voicemail limits of the site's mailboxes (manual 3.4.2). */
    voicemailMaxMessages: integer('voicemail_max_messages').notNull().default(100),
    voicemailMaxSeconds: integer('voicemail_max_seconds').notNull().default(180),
    /** Send message-waiting NOTIFYs to the PBX for every mailbox, not only to phones that subscribe. */
    mwiUnsolicited: integer('mwi_unsolicited', { mode: 'boolean' }).notNull().default(false),
    /** Language of the media node's prompts; new sites take the organization's language. */
    promptLanguage: text('prompt_language', { enum: PROMPT_LANGUAGES }).notNull().default('pt-BR'),
    /** IPs or CIDRs the node accepts calls from without a password (the PBX host is added to them). */
    sipAllowedAddresses: text('sip_allowed_addresses', { mode: 'json' }).$type<string[]>().notNull().default([]),
    sipInbound: text('sip_inbound', { mode: 'json' }).$type<SipCredentials | null>(),
    sipTrunk: text('sip_trunk', { mode: 'json' }).$type<SipTrunk | null>(),
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
