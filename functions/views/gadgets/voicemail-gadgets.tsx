import type { GadgetData } from '../../services/dashboard/gadgets.js';
import type { MailboxFill } from '../../services/dashboard/voicemail-gadgets.js';
import { formatBytes } from '../../services/table/format.js';
import type { ViewContext } from '../view-context.js';

function MailboxLimit({ v, box, withSite }: { v: ViewContext; box: MailboxFill; withSite: boolean }) {
  const name = withSite ? v.t('gadget.vmMailboxAt', { extension: box.extension, site: box.siteName }) : v.t('gadget.vmMailbox', { extension: box.extension });
  return (
    <div class="vm-limit">
      {`${name}: ${v.t('gadget.vmLimitOf', { count: box.count, max: box.max })}`}
      {box.count >= box.max && <span class="badge alarm">{v.t('gadget.vmFull')}</span>}
    </div>
  );
}

/** Manual 3.2, the user's messages: one limit line per mailbox, since the limit is per mailbox. */
export function VoicemailMine({ v, d }: { v: ViewContext; d: GadgetData }) {
  const mine = d.voicemail.mine;
  if (!mine) return <p>{v.t('gadget.noData')}</p>;
  // Name the site only when the mailboxes span several, where an extension alone is ambiguous.
  const withSite = new Set(mine.mailboxes.map((b) => b.siteName)).size > 1;
  return (
    <dl class="facts">
      <dt>{v.t('gadget.vmNew')}</dt>
      <dd>{mine.unheard}</dd>
      <dt>{v.t('gadget.vmHeard')}</dt>
      <dd>{mine.heard}</dd>
      <dt>{v.t('gadget.vmSpace')}</dt>
      <dd>{formatBytes(mine.bytes, v.locale)}</dd>
      <dt>{v.t('gadget.vmLimit')}</dt>
      <dd>
        {mine.mailboxes.length
          ? mine.mailboxes.map((box) => <MailboxLimit v={v} box={box} withSite={withSite} />)
          : mine.siteLimit !== null
            ? v.t('gadget.vmLimitValue', { count: mine.siteLimit })
            : v.t('gadget.vmUnknown')}
      </dd>
    </dl>
  );
}

/** Manual 3.2, the system's messages. */
export function VoicemailSystem({ v, d }: { v: ViewContext; d: GadgetData }) {
  const system = d.voicemail.system;
  if (!system) return <p>{v.t('gadget.noData')}</p>;
  return (
    <dl class="facts">
      <dt>{v.t('gadget.vmFree')}</dt>
      <dd>{system.freeBytes === null ? v.t('gadget.vmUnknown') : formatBytes(system.freeBytes, v.locale)}</dd>
      <dt>{v.t('gadget.vmSpace')}</dt>
      <dd>{formatBytes(system.usedBytes, v.locale)}</dd>
      <dt>{v.t('gadget.vmTotal')}</dt>
      <dd>{system.total}</dd>
      <dt>{v.t('gadget.vmToday')}</dt>
      <dd>{system.today}</dd>
    </dl>
  );
}
