import type { MessageKey } from '../../i18n/index.js';
import type { GadgetData, GadgetId } from '../../services/dashboard/gadgets.js';
import { GADGET_VIEWS } from '../gadgets/system-gadgets.js';
import { CsrfField } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

export const GADGET_TITLES: Record<GadgetId, MessageKey> = {
  'server-state': 'gadget.serverState',
  'app-resources': 'gadget.appResources',
  memory: 'gadget.memory',
  disk: 'gadget.disk',
  'system-info': 'gadget.systemInfo',
  'vm-mine': 'gadget.vmMine',
  'vm-system': 'gadget.vmSystem',
  'conf-calendar': 'conference.gadget.calendar',
  'conf-time': 'conference.gadget.time',
  'conf-recordings': 'conference.gadget.recordings',
  'conf-live': 'conference.gadget.live',
  'rec-stored': 'vrec.gadget.stored',
  'rec-storage': 'vrec.gadget.storage',
};

function Tabs({ v, current }: { v: ViewContext; current: 'dashboard' | 'gadgets' }) {
  return (
    <nav class="tabs" aria-label={v.t('dashboard.tabs')}>
      <a href="/" aria-current={current === 'dashboard' ? 'page' : undefined}>{v.t('dashboard.title')}</a>
      <a href="/dashboard/gadgets" aria-current={current === 'gadgets' ? 'page' : undefined}>{v.t('dashboard.gadgets')}</a>
    </nav>
  );
}

function LayoutButton({ v, action, id, label, symbol }: { v: ViewContext; action: string; id: string; label: string; symbol: string }) {
  return (
    <form method="post" action="/dashboard/layout" class="inline">
      <CsrfField v={v} />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="gadget" value={id} />
      {/* Back at the moved gadget: on phones it stays in view, and the next Tab reaches its arrows again. */}
      {action !== 'remove' && <input type="hidden" name="next" value={`/#g-${id}`} />}
      <button type="submit" class="button icon small" aria-label={label} title={label}>{symbol}</button>
    </form>
  );
}

/** One gadget's body; also served alone so the page can refresh it without reloading. */
export function GadgetBody({ v, id, data }: { v: ViewContext; id: GadgetId; data: GadgetData }) {
  const View = GADGET_VIEWS[id];
  return <View v={v} d={data} />;
}

export function DashboardPage({ v, layout, data }: { v: ViewContext; layout: GadgetId[]; data: GadgetData }) {
  return (
    <Layout v={v} title={v.t('dashboard.title')}>
      <PageHeader title={v.t('dashboard.title')} />
      <Tabs v={v} current="dashboard" />
      {layout.length === 0 && <p class="card">{v.t('dashboard.empty')}</p>}
      <div class="gadgets" data-sortable-gadgets>
        {layout.map((id, i) => {
          const title = v.t(GADGET_TITLES[id]);
          return (
            <article class="gadget card" data-gadget-id={id} draggable="true" aria-labelledby={`g-${id}`}>
              <header class="gadget-header">
                <h2 id={`g-${id}`}>{title}</h2>
                <div class="gadget-tools">
                  {i > 0 && <LayoutButton v={v} action="up" id={id} label={v.t('dashboard.moveUp', { name: title })} symbol="↑" />}
                  {i < layout.length - 1 && <LayoutButton v={v} action="down" id={id} label={v.t('dashboard.moveDown', { name: title })} symbol="↓" />}
                  <LayoutButton v={v} action="remove" id={id} label={v.t('dashboard.remove', { name: title })} symbol="×" />
                </div>
              </header>
              <div class="gadget-body" data-refresh={`/dashboard/gadgets/${id}`}>
                <GadgetBody v={v} id={id} data={data} />
              </div>
            </article>
          );
        })}
      </div>
    </Layout>
  );
}

export function GadgetsTabPage({ v, layout, allowed }: { v: ViewContext; layout: GadgetId[]; allowed: GadgetId[] }) {
  return (
    <Layout v={v} title={v.t('dashboard.gadgets')}>
      <PageHeader title={v.t('dashboard.title')} />
      <Tabs v={v} current="gadgets" />
      <p class="hint">{v.t('dashboard.gadgetsHint')}</p>
      <ul class="gadget-picker">
        {allowed.map((id) => {
          const title = v.t(GADGET_TITLES[id]);
          const shown = layout.includes(id);
          return (
            <li class="card">
              <span>{title}</span>
              <form method="post" action="/dashboard/layout" class="inline">
                <CsrfField v={v} />
                <input type="hidden" name="action" value={shown ? 'remove' : 'add'} />
                <input type="hidden" name="gadget" value={id} />
                <input type="hidden" name="next" value="/dashboard/gadgets" />
                <button type="submit" class={shown ? 'button small' : 'button small primary'}>{shown ? v.t('dashboard.removeShort') : v.t('dashboard.add')}</button>
              </form>
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}
