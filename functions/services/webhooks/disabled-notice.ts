import type { BatchItem, Db } from '../../db.js';
import { INTL_LOCALE, isLanguage, translator } from '../../i18n/index.js';
import { sha256Hex } from '../auth/random.js';
import type { EventData } from '../events/event-catalogue.js';
import { queueMail } from '../mail/send-mail.js';
import { organizationAdministrators } from '../organizations/administrators.js';
import { organizationTimeZone } from '../sites/site-service.js';
import { formatDateTime } from '../table/format.js';

interface DisabledEvent {
  id: string;
  orgId: string;
  payload: EventData<'webhook.endpoint_disabled'>;
}

/**
 * The e-mail each administrator gets when Ramal turns an endpoint off, in their own language.
 * Its id follows the event and the recipient, so dispatching the event twice sends it once.
 */
export async function disabledEndpointNotice(db: Db, event: DisabledEvent, now: Date): Promise<BatchItem[]> {
  const [admins, timeZone] = await Promise.all([organizationAdministrators(db, event.orgId), organizationTimeZone(db, event.orgId)]);
  const items: BatchItem[] = [];
  for (const admin of admins) {
    const lang = isLanguage(admin.language) ? admin.language : 'en';
    const t = translator(lang);
    const params = {
      url: event.payload.url,
      at: formatDateTime(new Date(event.payload.disabledAt), { locale: INTL_LOCALE[lang], timeZone }),
      reason: t(event.payload.reason === 'gone' ? 'notice.webhookDisabled.gone' : 'notice.webhookDisabled.failing'),
    };
    const id = `ntc_${(await sha256Hex(`${event.id}/${admin.id}`)).slice(0, 32)}`;
    const mail = queueMail(
      db,
      { orgId: event.orgId, to: [admin.email], subject: t('notice.webhookDisabled.subject', params), text: t('notice.webhookDisabled.body', params), purpose: 'webhook.disabled' },
      now,
      id,
    );
    items.push(...mail.items);
  }
  return items;
}
