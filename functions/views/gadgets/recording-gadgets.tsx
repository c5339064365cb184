import type { GadgetData } from '../../services/dashboard/gadgets.js';
import { formatBytes } from '../../services/table/format.js';
import type { ViewContext } from '../view-context.js';
import { formatDuration } from './gadget-parts.js';

/** Manual 5.2 "gravações armazenadas": how many calls the user may open, their space and length. */
export function RecordingsStored({ v, d }: { v: ViewContext; d: GadgetData }) {
  const stored = d.recordings?.stored;
  if (!stored) return <p>{v.t('gadget.noData')}</p>;
  return (
    <dl class="facts">
      <dt>{v.t('vrec.gadget.count')}</dt>
      <dd>{new Intl.NumberFormat(v.locale).format(stored.count)}</dd>
      <dt>{v.t('vrec.gadget.space')}</dt>
      <dd>{formatBytes(stored.bytes, v.locale)}</dd>
      <dt>{v.t('vrec.gadget.duration')}</dt>
      <dd>{formatDuration(Math.round(stored.durationMs / 1000))}</dd>
    </dl>
  );
}

/** Manual 5.2 "estimativa de ocupação": days until the store is full at the last days' rate. */
export function RecordingsStorage({ v, d }: { v: ViewContext; d: GadgetData }) {
  const s = d.recordings?.storage;
  if (!s) return <p>{v.t('gadget.noData')}</p>;
  const estimate =
    s.bytesPerDay === null ? v.t('vrec.gadget.notEnoughData')
    : s.freeBytes === null ? v.t('vrec.gadget.unknown')
    : s.daysLeft === null ? v.t('vrec.gadget.notGrowing')
    : v.t('vrec.gadget.daysValue', { n: new Intl.NumberFormat(v.locale).format(s.daysLeft) });
  return (
    <dl class="facts">
      <dt>{v.t('vrec.gadget.daysLeft')}</dt>
      <dd data-rec-estimate>{estimate}</dd>
      <dt>{v.t('vrec.gadget.free')}</dt>
      <dd>{s.freeBytes === null ? v.t('vrec.gadget.unknown') : formatBytes(s.freeBytes, v.locale)}</dd>
      <dt>{v.t('vrec.gadget.rate')}</dt>
      <dd>
        {s.bytesPerDay === null
          ? v.t('vrec.gadget.notEnoughData')
          : v.t('vrec.gadget.rateValue', { size: formatBytes(Math.round(s.bytesPerDay), v.locale), days: Math.floor(s.windowDays) })}
      </dd>
    </dl>
  );
}
