import type { RoomDetail } from '../../services/conference/room-read.js';
import { OPTION_KEYS } from '../../services/conference/room-schemas.js';
import { formatDateTime } from '../../services/table/format.js';
import { CheckboxList, CsrfField, ErrorSummary, Field, FormActions, FormBody, SelectField, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { InviteePicker, type PickedUser } from './conference-invitee-picker.js';
import { PageHeader } from './page-header.js';

/** What the form shows: as stored, or as typed when it comes back with errors. */
export interface RoomFormValues {
  siteId: string;
  number: string;
  subject: string;
  participantPin: string;
  startsAt: string;
  endsAt: string;
  maxParticipants: string;
  options: Set<string>;
  inviteUsers: Set<string>;
  /** Free addresses already chosen (chips). */
  inviteEmailList: string[];
  /** More free addresses typed in the text box, one per line. */
  inviteEmails: string;
  /** What the invitee search box holds. */
  inviteSearch: string;
  description: string;
}

export interface RoomPageProps {
  v: ViewContext;
  room: RoomDetail | null;
  values: RoomFormValues;
  errors: FormErrors;
  sites: { id: string; name: string; timeZone: string; conferenceCode: string }[];
  /** The chosen users, for their chips. */
  invitedUsers: PickedUser[];
  /** People a search without scripts found; null when none was made. */
  found: PickedUser[] | null;
  /** The Notification tab's header, as the invitation will carry it. */
  header: string;
  readOnly: boolean;
  mayDelete: boolean;
}

function TextArea({ name, label, value, hint, error, rows = 4, readonly = false }: { name: string; label: string; value: string; hint?: string; error?: string | undefined; rows?: number; readonly?: boolean }) {
  return (
    <Field name={name} label={label} hint={hint} error={error}>
      <textarea id={`f-${name}`} name={name} rows={rows} readonly={readonly} aria-describedby={hint ? `h-${name}` : undefined}>{value}</textarea>
    </Field>
  );
}

/**
 * The header every invitation carries, filled from the room's fields; conference-invitees.js
 * rebuilds it as they are typed, from the labels and the sites' codes and zones given here.
 */
function InvitationHeader({ v, value, sites }: { v: ViewContext; value: string; sites: RoomPageProps['sites'] }) {
  const labels = {
    room: v.t('conference.invite.room'), subject: v.t('conference.invite.subject'), pin: v.t('conference.invite.pin'), dialIn: v.t('conference.invite.dialIn'),
    pinWord: v.t('conference.invite.pinWord'), start: v.t('conference.invite.start'), end: v.t('conference.invite.end'),
  };
  return (
    <Field name="header" label={v.t('conference.header')} hint={v.t('conference.headerHint')}>
      <textarea
        id="f-header" name="header" rows={6} readonly aria-describedby="h-header" data-invitation-header data-locale={v.locale}
        data-labels={JSON.stringify(labels)} data-sites={JSON.stringify(sites.map((s) => ({ id: s.id, code: s.conferenceCode, zone: s.timeZone })))}
      >{value}</textarea>
    </Field>
  );
}

/** New room and room details (manual 4.3.1): details, options, the Notification tab; read-only once it starts. */
export function ConferenceRoomPage(p: RoomPageProps) {
  const { v, values: f, errors: e, room } = p;
  const title = room ? `${v.t('conference.edit')} ${room.number}` : v.t('conference.new');
  const site = p.sites.find((s) => s.id === f.siteId) ?? p.sites[0];
  const labels: Record<string, string> = {
    number: v.t('conference.number'), subject: v.t('conference.subject'), participantPin: v.t('conference.participantPin'), adminPin: v.t('conference.adminPin'),
    startsAt: v.t('conference.startsAt'), endsAt: v.t('conference.endsAt'), maxParticipants: v.t('conference.maxParticipants'), siteId: v.t('conference.site'),
    'invitees.emails': v.t('conference.inviteEmails'), 'invitees.userIds': v.t('conference.inviteUsers'),
  };
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={{ href: '/conference', label: v.t('conference.title') }}>
        {room?.status === 'open' && <a href={`/conference/${room.id}/live`} class="button">{v.t('conference.live')}</a>}
      </PageHeader>
      {p.readOnly && room && <p class="card" role="status">{v.t('conference.readOnly')}</p>}
      <ErrorSummary v={v} errors={e} labels={labels} />
      <form method="post" action={room ? `/conference/${room.id}` : '/conference/new'} class="card form">
        <CsrfField v={v} />
        <FormBody readOnly={p.readOnly}>
          <section aria-labelledby="room-details">
            <h2 id="room-details">{v.t('conference.details')}</h2>
            {p.sites.length > 1 && !room && <SelectField name="siteId" label={labels.siteId!} value={f.siteId} options={p.sites.map((s) => ({ value: s.id, label: s.name }))} error={e.siteId} />}
            {(p.sites.length <= 1 || room) && <input type="hidden" name="siteId" value={f.siteId} />}
            <TextField name="number" label={labels.number!} value={f.number} error={e.number} required inputmode="numeric" pattern="\d{1,8}" maxlength={8} />
            <TextField name="subject" label={labels.subject!} value={f.subject} error={e.subject} maxlength={200} />
            <TextField name="participantPin" label={labels.participantPin!} value={f.participantPin} error={e.participantPin} required inputmode="numeric" pattern="\d{4,10}" maxlength={10} autocomplete="off" />
            <TextField name="adminPin" label={labels.adminPin!} type="password" value="" error={e.adminPin} required={!room} inputmode="numeric" pattern="\d{4,10}" maxlength={10} autocomplete="new-password" {...(room ? { hint: v.t('conference.adminPinKeep') } : {})} />
            <TextField name="startsAt" label={labels.startsAt!} type="datetime-local" value={f.startsAt} error={e.startsAt} required hint={v.t('conference.timesHint', { zone: site?.timeZone ?? 'UTC' })} />
            <TextField name="endsAt" label={labels.endsAt!} type="datetime-local" value={f.endsAt} error={e.endsAt} required />
            <TextField name="maxParticipants" label={labels.maxParticipants!} type="number" value={f.maxParticipants} error={e.maxParticipants} inputmode="numeric" />
          </section>
          <section aria-labelledby="room-options">
            <h2 id="room-options">{v.t('conference.options')}</h2>
            <CheckboxList name="options" legend={v.t('conference.options')} options={OPTION_KEYS.map((k) => ({ value: k, label: v.t(`conference.opt.${k}`) }))} checked={f.options} />
          </section>
          <section aria-labelledby="room-notification">
            <h2 id="room-notification">{v.t('conference.notification')}</h2>
            <InviteePicker v={v} users={p.invitedUsers} emails={f.inviteEmailList} query={f.inviteSearch} found={p.found} error={e['invitees.userIds']} />
            <TextArea name="inviteEmails" label={labels['invitees.emails']!} value={f.inviteEmails} hint={v.t('conference.inviteEmailsHint')} error={Object.entries(e).find(([k]) => k.startsWith('invitees.emails'))?.[1]} />
            <TextArea name="description" label={v.t('conference.description')} value={f.description} />
            <InvitationHeader v={v} value={p.header} sites={p.sites} />
          </section>
        </FormBody>
        <FormActions v={v} cancelHref="/conference" readOnly={p.readOnly} />
      </form>
      {room && room.invitees.length > 0 && (
        <section class="card" aria-labelledby="room-invitees">
          <h2 id="room-invitees">{v.t('conference.invitees')}</h2>
          <ul>
            {room.invitees.map((i) => (
              <li>{[i.name, i.email].filter(Boolean).join(' · ')}{i.notifiedAt ? ` — ${v.t('conference.notifiedAt')} ${formatDateTime(i.notifiedAt, { locale: v.locale, timeZone: room.timeZone })}` : ''}</li>
            ))}
          </ul>
        </section>
      )}
      {room && p.mayDelete && (
        <form method="post" action={`/conference/${room.id}/delete`} class="inline">
          <CsrfField v={v} />
          <button type="submit" class="button danger" data-confirm={v.t('conference.confirmDelete')}>{v.t('conference.delete')}</button>
        </form>
      )}
    </Layout>
  );
}
