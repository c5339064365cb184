import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { conferenceRooms, emails, type RoomOptions } from '../../../schema/index.js';
import { hashPassword } from '../../../functions/services/auth/password.js';
import { DEFAULT_OPTIONS } from '../../../functions/services/conference/room-schemas.js';
import type { Harness } from '../../helpers/harness.js';

const HOUR = 3_600_000;

/** A future window, `inHours` from now, one hour long by default. */
export function window(inHours = 24, hours = 1): { startsAt: string; endsAt: string } {
  const start = Math.ceil((Date.now() + inHours * HOUR) / 60_000) * 60_000;
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + hours * HOUR).toISOString() };
}

let serial = 0;
/** A valid room body with a fresh number. */
export function roomBody(extra: Record<string, unknown> = {}) {
  const n = ++serial;
  return { number: String(100 + n + Math.floor(Math.random() * 1000) * 1000), subject: `Weekly ${n}`, participantPin: '1234', adminPin: '9876', ...window(24 + n * 2), ...extra };
}

/** The queued e-mails of one purpose to one address, oldest first. */
export async function mailsTo(h: Harness, address: string, purpose = 'conference.invitation') {
  const rows = await h.deps.db.select().from(emails).where(eq(emails.purpose, purpose));
  return rows.filter((r) => r.toAddresses.includes(address)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** The VEVENT of an invitation's .ics attachment, parsed with ical.js. */
export function invitationEvent(mail: { attachments: { filename: string; contentBase64: string | null; contentType: string }[] }) {
  const ics = mail.attachments.find((a) => a.filename.endsWith('.ics'));
  if (!ics?.contentBase64) throw new Error('no .ics attachment');
  const text = Buffer.from(ics.contentBase64, 'base64').toString('utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { text, calendar, vevent, contentType: ics.contentType };
}

/** A public room written straight to the database, so tests can place its window in the past. */
export async function insertRoom(h: Harness, room: { number: string; startsAt: Date; endsAt: Date; siteId?: string; orgId?: string; createdBy?: string | null; options?: Partial<RoomOptions>; subject?: string }): Promise<string> {
  const id = crypto.randomUUID();
  const now = h.deps.now();
  await h.deps.db.insert(conferenceRooms).values({
    id, orgId: room.orgId ?? h.org.orgId, siteId: room.siteId ?? h.org.siteId, kind: 'public', number: room.number, subject: room.subject ?? `Room ${room.number}`,
    participantPin: '1234', adminPinHash: await hashPassword(h.deps.kdf, '9876', h.deps.config.RAMAL_KDF_COST), startsAt: room.startsAt, endsAt: room.endsAt,
    options: { ...DEFAULT_OPTIONS, ...room.options }, maxParticipants: 50, createdBy: room.createdBy ?? null, createdAt: now, updatedAt: now,
  });
  return id;
}
