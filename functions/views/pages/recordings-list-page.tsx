import type { RecordingListRow } from '../../services/call-recordings/recording-contract.js';
import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import { DataTable, tableColumns, type BulkAction } from '../data-table.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';
import { RecordingPlayer, RECORDING_FORMATS } from './recordings-player.js';

/** The table's filters as typed in the page (dates as YYYY-MM-DD on the chosen site's clock). */
export interface RecordingPageFilters {
  from?: string | undefined;
  to?: string | undefined;
  extension?: string | undefined;
  number?: string | undefined;
  type?: 'made' | 'received' | 'internal' | undefined;
  siteId?: string | undefined;
}

const TYPES = ['made', 'received', 'internal'] as const;

function Filters({ v, filters, sites, timeZone }: { v: ViewContext; filters: RecordingPageFilters; sites: { id: string; name: string }[]; timeZone: string }) {
  return (
    <form method="get" action="/recordings" class="card filters" aria-labelledby="rec-filters-title">
      <h2 id="rec-filters-title">{v.t('vrec.filters')}</h2>
      <div class="form-grid">
        <div class="field">
          <label for="rec-from">{v.t('vrec.filter.from')}</label>
          <input id="rec-from" type="date" name="from" value={filters.from ?? ''} aria-describedby="rec-zone" />
        </div>
        <div class="field">
          <label for="rec-to">{v.t('vrec.filter.to')}</label>
          <input id="rec-to" type="date" name="to" value={filters.to ?? ''} aria-describedby="rec-zone" />
        </div>
        <div class="field">
          <label for="rec-extension">{v.t('vrec.filter.extension')}</label>
          <input id="rec-extension" name="extension" value={filters.extension ?? ''} inputmode="numeric" maxlength={40} autocomplete="off" />
        </div>
        <div class="field">
          <label for="rec-number">{v.t('vrec.filter.number')}</label>
          <input id="rec-number" name="number" value={filters.number ?? ''} inputmode="tel" maxlength={80} autocomplete="off" />
        </div>
        <div class="field">
          <label for="rec-type">{v.t('vrec.filter.type')}</label>
          <select id="rec-type" name="type">
            <option value="">{v.t('vrec.filter.anyType')}</option>
            {TYPES.map((t) => (
              <option value={t} selected={filters.type === t}>{v.t(`vrec.type.${t}`)}</option>
            ))}
          </select>
        </div>
        {sites.length > 1 && (
          <div class="field">
            <label for="rec-site">{v.t('vrec.filter.site')}</label>
            <select id="rec-site" name="siteId">
              <option value="">{v.t('vrec.filter.allSites')}</option>
              {sites.map((s) => (
                <option value={s.id} selected={filters.siteId === s.id}>{s.name}</option>
              ))}
            </select>
          </div>
        )}
      </div>
      <p class="hint" id="rec-zone">{v.t('vrec.filter.zone', { zone: timeZone })}</p>
      <div class="form-actions">
        <button type="submit" class="button primary">{v.t('vrec.filter.apply')}</button>
        <a href="/recordings" class="button">{v.t('vrec.filter.clear')}</a>
      </div>
    </form>
  );
}

/** Links to the other v-rec pages, each for whoever may use it. */
export function RecordingLinks({ v }: { v: ViewContext }) {
  return (
    <>
      {(v.can('vrec', 'export') || v.can('vrec', 'delete')) && <a href="/recordings/maintenance" class="button">{v.t('vrec.maintenanceLink')}</a>}
      {v.can('vrec', 'configure') && <a href="/recordings/settings" class="button">{v.t('vrec.settingsLink')}</a>}
    </>
  );
}

/** The recordings table (manual 5.3): play, details, and the bulk download, e-mail and delete. */
export function RecordingsListPage(p: {
  v: ViewContext; page: ListPage<RecordingListRow>; fmt: FormatContext; columns: ColumnDef<RecordingListRow>[];
  filters: RecordingPageFilters; sites: { id: string; name: string }[]; timeZone: string;
}) {
  const { v } = p;
  const cols = tableColumns(p.columns, p.fmt);
  const open = (r: RecordingListRow) => (
    <div class="vm-actions">
      {v.can('vrec', 'listen') && <RecordingPlayer v={v} id={r.id} protocol={r.protocol} />}
      <a class="button small" href={`/recordings/${r.id}`} aria-label={v.t('vrec.detailsLabel', { protocol: r.protocol })}>{v.t('vrec.details')}</a>
    </div>
  );
  cols.push({ key: 'open', label: v.t('vrec.actions'), sortable: false, cell: open });
  const bulk: BulkAction[] = [];
  if (v.can('vrec', 'export')) bulk.push({ formAction: '/recordings/download', label: v.t('vrec.downloadSelected') });
  if (v.can('vrec', 'email')) bulk.push({ formAction: '/recordings/email', label: v.t('vrec.emailSelected') });
  if (v.can('vrec', 'delete')) bulk.push({ formAction: '/recordings/delete', label: v.t('vrec.deleteSelected'), confirm: v.t('vrec.confirmDelete') });
  const toolbar = (v.can('vrec', 'export') || v.can('vrec', 'email')) && (
    <span class="vm-format">
      <label for="rec-format">{v.t('vrec.format')}</label>{' '}
      {/* Belongs to the table's form, so the download and e-mail buttons send it. */}
      <select id="rec-format" name="format" form="bulk-recordings">
        {RECORDING_FORMATS.map((f) => (
          <option value={f}>{v.t(`vrec.format.${f}`)}</option>
        ))}
      </select>
    </span>
  );
  return (
    <Layout v={v} title={v.t('vrec.title')}>
      <PageHeader title={v.t('vrec.title')}>
        <RecordingLinks v={v} />
      </PageHeader>
      <Filters v={v} filters={p.filters} sites={p.sites} timeZone={p.timeZone} />
      <DataTable v={v} caption={v.t('vrec.title')} basePath="/recordings" page={p.page} columns={cols} bulkActions={bulk} toolbar={toolbar} filters={{ ...p.filters }} exportable={v.can('vrec', 'export')} />
    </Layout>
  );
}
