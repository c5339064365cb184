import { and, eq, ne } from 'drizzle-orm';
import type { BatchItem } from '../../db.js';
import type { Deps } from '../../deps.js';
import { sites, voicemailMessages } from '../../../schema/index.js';
import { domainEvent } from '../events/domain-event.js';
import { foldText } from '../table/fold.js';
import { derivedId } from './derived-id.js';
import { ingestGreeting } from './greeting-ingest.js';
import { ensureMailboxItem, findMailbox, type VoicemailMessageRow } from './mailbox-service.js';
import { mwiBumpItems } from './mwi-state.js';
import { VoicemailAudioMetadataSchema } from './node-voicemail-contract.js';
import { messageProtocol } from './protocol.js';
import { AudioStoredSchema, type AudioStored, type StoredAudioEvent } from './stored-audio.js';
import { voicemailMailItems } from './voicemail-mail.js';
import { effectiveProfile } from './voicemail-profile.js';

type IngestDeps = Pick<Deps, 'db' | 'blobs' | 'log' | 'now'>;

/**
 * The consumer of audio.stored: a voicemail recording becomes a message, a greeting becomes the
 * mailbox's greeting; other kinds are not ours. A payload that does not parse is logged and
 * skipped, since dispatching it again would fail the same way forever.
 */
export async function ingestStoredAudio(deps: IngestDeps, event: StoredAudioEvent): Promise<BatchItem[]> {
  const parsed = AudioStoredSchema.safeParse(event.payload);
  if (!parsed.success || !event.siteId) {
    deps.log.warn('audio.stored event skipped: unreadable payload', { eventId: event.id, error: parsed.error?.message ?? 'no site' });
    return [];
  }
  if (parsed.data.kind === 'voicemail') return ingestMessage(deps, event.orgId, event.siteId, parsed.data);
  if (parsed.data.kind === 'greeting') return ingestGreeting(deps, event.orgId, event.siteId, parsed.data);
  return [];
}

/** The first protocol candidate no other message holds (a clash of 5 random-looking characters is rare, not impossible). */
async function freeProtocol(deps: IngestDeps, audioId: string, receivedAt: Date, timeZone: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const protocol = await messageProtocol(audioId, receivedAt, timeZone, attempt);
    const [taken] = await deps.db.select({ id: voicemailMessages.id }).from(voicemailMessages).where(and(eq(voicemailMessages.protocol, protocol), ne(voicemailMessages.id, audioId)));
    if (!taken) return protocol;
  }
}

/**
 * A new message: its mailbox (made if needed), the row, the lamp bump, voicemail.received and the
 * owner's e-mails, all as rows for the dispatch batch with ids derived from the audio id. A message
 * for an extension the site does not know is still kept, with no owner: a message is never lost.
 */
export async function ingestMessage(deps: IngestDeps, orgId: string, siteId: string, stored: AudioStored): Promise<BatchItem[]> {
  const { db, log } = deps;
  const meta = VoicemailAudioMetadataSchema.safeParse(stored.metadata);
  if (!meta.success) {
    log.warn('voicemail audio skipped: unreadable metadata', { audioId: stored.audioId, error: meta.error.message });
    return [];
  }
  const [done] = await db.select({ id: voicemailMessages.id }).from(voicemailMessages).where(eq(voicemailMessages.id, stored.audioId));
  if (done) return [];
  const [site] = await db.select({ timeZone: sites.timeZone }).from(sites).where(and(eq(sites.id, siteId), eq(sites.orgId, orgId)));
  if (!site) {
    log.warn('voicemail audio skipped: its site no longer exists', { audioId: stored.audioId, siteId });
    return [];
  }
  const now = deps.now();
  const { mailbox: extension, reason, callerNumber, callerName } = meta.data;
  const ctx = await findMailbox(db, orgId, siteId, extension);
  const ensured = await ensureMailboxItem(db, orgId, siteId, extension, now);
  const mailboxId = ctx?.mailbox?.id ?? ensured.id;
  const owner = ctx?.owner ?? null;
  const receivedAt = new Date(stored.startedAt);
  const protocol = await freeProtocol(deps, stored.audioId, receivedAt, site.timeZone);
  const message: VoicemailMessageRow = {
    id: stored.audioId, orgId, siteId, mailboxId, extension, userId: owner?.id ?? null, protocol, callerNumber, callerName, divertReason: reason,
    durationMs: stored.durationMs, audioId: stored.audioId, audioBytes: stored.files.wav.size + stored.files.gsm.size + stored.files.mp3.size,
    heard: false, heardAt: null, receivedAt, searchText: foldText([protocol, callerName, callerNumber, extension].join(' ')), createdAt: now,
  };
  const items: BatchItem[] = [
    ensured.item,
    // Conflicting on the id only: a protocol clash must fail the batch (and be retried), never drop the message.
    db.insert(voicemailMessages).values(message).onConflictDoNothing({ target: voicemailMessages.id }),
    ...mwiBumpItems(db, [mailboxId], now),
    domainEvent(
      db, orgId, siteId, 'voicemail.received',
      { messageId: message.id, protocol, siteId, mailbox: extension, userId: message.userId, callerNumber, callerName, divertReason: reason, durationMs: message.durationMs, receivedAt: receivedAt.toISOString() },
      now, await derivedId(`voicemail.received:${stored.audioId}`),
    ),
  ];
  if (!owner) return items;
  const profile = await effectiveProfile(db, orgId, owner.id);
  if (profile.mainAction === 'none') return items;
  const recipients = [owner.email];
  const alternate = owner.alternateEmail?.trim().toLowerCase();
  if (profile.alternateEmailEnabled && alternate && alternate !== owner.email.toLowerCase()) recipients.push(alternate);
  for (const to of recipients) {
    const id = await derivedId(`voicemail.mail:${stored.audioId}:${to}`);
    const attach = profile.mainAction === 'email-attachment' ? profile.attachmentFormat : null;
    items.push(...(await voicemailMailItems(db, message, [to], { attach, language: owner.language, timeZone: site.timeZone, now, id })));
  }
  return items;
}
