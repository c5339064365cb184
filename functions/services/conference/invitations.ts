import ical, { ICalAttendeeRole, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { BatchItem, Db } from '../../db.js';
import { INTL_LOCALE, translator, type Language } from '../../i18n/index.js';
import { queueMail } from '../mail/send-mail.js';
import { formatDateTime } from '../table/format.js';

export const INVITATION_PURPOSE = 'conference.invitation';
/** The mail purpose of a cancellation: an invitee was removed, or the room was deleted. */
export const CANCELLATION_PURPOSE = 'conference.cancellation';

type Method = 'REQUEST' | 'CANCEL';

/** What an invitation needs to know about the room, its site and whoever scheduled it. */
export interface InvitationRoom {
  id: string;
  orgId: string;
  siteId: string;
  number: string;
  subject: string;
  participantPin: string;
  startsAt: Date;
  endsAt: Date;
  description: string;
  /** iCalendar SEQUENCE: 0 for the first invitation, one more for each update. */
  sequence: number;
  conferenceCode: string;
  timeZone: string;
}

export interface Invitee {
  email: string;
  name: string;
  language: Language;
}

export interface Organizer {
  name: string;
  email: string;
}

/** Stable across updates, so calendars replace the event instead of adding another. */
export const invitationUid = (roomId: string) => `${roomId}@conference.ramal`;

/** The dial-in code of manual 4.3.2: the site's conference code, then the room number. */
export const dialIn = (room: Pick<InvitationRoom, 'conferenceCode' | 'number'>) => `${room.conferenceCode}${room.number}`;

/** The header of the Notification tab, filled from the room (manual 4.3.1 step 2). */
export function invitationHeader(room: Omit<InvitationRoom, 'description' | 'sequence' | 'id' | 'orgId' | 'siteId'>, lang: Language): string {
  const t = translator(lang);
  const fmt = { locale: INTL_LOCALE[lang], timeZone: room.timeZone };
  return [
    `${t('conference.invite.room')}: ${room.number}`,
    `${t('conference.invite.subject')}: ${room.subject}`,
    `${t('conference.invite.pin')}: ${room.participantPin}`,
    `${t('conference.invite.dialIn')}: ${dialIn(room)} + ${t('conference.invite.pinWord')}`,
    `${t('conference.invite.start')}: ${formatDateTime(room.startsAt, fmt)} (${room.timeZone})`,
    `${t('conference.invite.end')}: ${formatDateTime(room.endsAt, fmt)} (${room.timeZone})`,
  ].join('\n');
}

/**
 * The iCalendar object every invitee's e-mail carries (RFC 5545/5546): a REQUEST listing everyone
 * invited, or a CANCEL with STATUS:CANCELLED and the same UID, listing whom it cancels for (one
 * removed invitee, or everyone when the room is deleted). Calendars apply it only when its
 * SEQUENCE is higher than the last one they saw.
 */
export function invitationIcs(room: InvitationRoom, organizer: Organizer, attendees: Invitee[], lang: Language, now: Date, method: Method = 'REQUEST'): string {
  const t = translator(lang);
  const cal = ical({ prodId: { company: 'Ramal', product: 'v-conference', language: 'EN' }, method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST });
  cal.createEvent({
    id: invitationUid(room.id),
    sequence: room.sequence,
    stamp: now,
    start: room.startsAt,
    end: room.endsAt,
    summary: room.subject || `${t('conference.invite.room')} ${room.number}`,
    description: [invitationHeader(room, lang), room.description].filter(Boolean).join('\n\n'),
    location: `${t('conference.invite.dialIn')} ${dialIn(room)}`,
    organizer: { name: organizer.name, email: organizer.email },
    attendees: attendees.map((i) => ({ email: i.email, name: i.name || undefined, rsvp: method === 'REQUEST', role: ICalAttendeeRole.REQ })),
    ...(method === 'CANCEL' ? { status: ICalEventStatus.CANCELLED } : {}),
  });
  return cal.toString();
}

const oneLine = (subject: string) => subject.replace(/[\r\n\t]+/g, ' ').slice(0, 300);
const icsFile = (ics: string, method: Method) => ({ filename: 'invite.ics', contentType: `text/calendar; method=${method}; charset=UTF-8`, content: new TextEncoder().encode(ics) });

/** One e-mail per invitee, in the invitee's language, with the .ics attached; rows for the change's batch. */
export function invitationMailItems(db: Db, room: InvitationRoom, organizer: Organizer, invitees: Invitee[], now: Date, createdBy: string | null): BatchItem[] {
  const items: BatchItem[] = [];
  for (const invitee of invitees) {
    const t = translator(invitee.language);
    const ics = invitationIcs(room, organizer, invitees, invitee.language, now);
    const title = room.subject || `${t('conference.invite.room')} ${room.number}`;
    const subject = t(room.sequence > 0 ? 'conference.invite.mailSubjectUpdated' : 'conference.invite.mailSubject', { subject: title });
    const text = [t('conference.invite.greeting', { organizer: organizer.name }), invitationHeader(room, invitee.language), room.description].filter(Boolean).join('\n\n');
    const mail = queueMail(
      db,
      { orgId: room.orgId, siteId: room.siteId, to: [invitee.email], subject: oneLine(subject), text, attachments: [icsFile(ics, 'REQUEST')], purpose: INVITATION_PURPOSE, createdBy },
      now,
    );
    items.push(...mail.items);
  }
  return items;
}

/**
 * One CANCEL per person, in their language. `wholeEvent` (the room was deleted) lists every
 * cancelled person as attendee; otherwise each CANCEL names only its addressee, which RFC 5546
 * reads as "this attendee is no longer invited" while the meeting goes on for the others.
 */
export function cancellationMailItems(db: Db, room: InvitationRoom, organizer: Organizer, cancelled: Invitee[], wholeEvent: boolean, now: Date, createdBy: string | null): BatchItem[] {
  const items: BatchItem[] = [];
  for (const invitee of cancelled) {
    const t = translator(invitee.language);
    const ics = invitationIcs(room, organizer, wholeEvent ? cancelled : [invitee], invitee.language, now, 'CANCEL');
    const title = room.subject || `${t('conference.invite.room')} ${room.number}`;
    const subject = t(wholeEvent ? 'conference.invite.cancelSubjectDeleted' : 'conference.invite.cancelSubject', { subject: title });
    const intro = t(wholeEvent ? 'conference.invite.cancelBodyDeleted' : 'conference.invite.cancelBody', { organizer: organizer.name });
    const text = [intro, invitationHeader(room, invitee.language)].join('\n\n');
    const mail = queueMail(
      db,
      { orgId: room.orgId, siteId: room.siteId, to: [invitee.email], subject: oneLine(subject), text, attachments: [icsFile(ics, 'CANCEL')], purpose: CANCELLATION_PURPOSE, createdBy },
      now,
    );
    items.push(...mail.items);
  }
  return items;
}
