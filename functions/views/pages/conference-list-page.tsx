import type { Child } from 'hono/jsx';
import type { RoomListRow } from '../../services/conference/room-list.js';
import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import { DataTable, tableColumns } from '../data-table.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

/** The module's own links, on each of its pages. */
export function ConferenceLinks({ v }: { v: ViewContext }) {
  return (
    <>
      {v.can('vconference', 'create') && <a href="/conference/new" class="button primary">{v.t('conference.new')}</a>}
      <a href="/conference/history" class="button">{v.t('conference.historyLink')}</a>
      {(v.can('vconference', 'export') || v.can('vconference', 'delete')) && <a href="/conference/maintenance" class="button">{v.t('recordings.maintenance')}</a>}
      {v.can('vconference', 'configure') && <a href="/conference/settings" class="button">{v.t('conference.settingsLink')}</a>}
    </>
  );
}

/** The rooms (manual 4.3): rooms in progress in bold, the others in normal type. */
export function ConferenceListPage(p: { v: ViewContext; page: ListPage<RoomListRow>; fmt: FormatContext; columns: ColumnDef<RoomListRow>[] }) {
  const { v } = p;
  const cell = (key: string) => (r: RoomListRow): Child => {
    const text = p.columns.find((c) => c.key === key)!.text(r, p.fmt);
    const content = key === 'number' ? <a href={`/conference/${r.id}`}>{text}</a> : text;
    return r.status === 'open' ? <strong data-room-open>{content}</strong> : content;
  };
  const cols = tableColumns(p.columns, p.fmt, Object.fromEntries(p.columns.map((c) => [c.key, cell(c.key)])));
  cols.push({ key: 'live', label: v.t('conference.live'), sortable: false, cell: (r) => (r.status === 'open' ? <a href={`/conference/${r.id}/live`} class="button small">{v.t('conference.live')}</a> : '') });
  return (
    <Layout v={v} title={v.t('conference.title')}>
      <PageHeader title={v.t('conference.title')}>
        <ConferenceLinks v={v} />
      </PageHeader>
      <DataTable v={v} caption={v.t('conference.title')} basePath="/conference" page={p.page} columns={cols} exportable={v.can('vconference', 'export')} />
    </Layout>
  );
}
