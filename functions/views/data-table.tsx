import type { Child } from 'hono/jsx';
import type { ColumnDef, FormatContext } from '../services/table/list-spec.js';
import type { ListPage } from '../services/table/list-query.js';
import { CsrfField } from './form.js';
import type { ViewContext } from './view-context.js';

export interface TableColumn<Row> {
  key: string;
  label: string;
  sortable: boolean;
  cell: (row: Row) => Child;
  /** Plain text of the cell; the first column's names the row for its checkbox. */
  text?: (row: Row) => string;
}

export interface BulkAction {
  formAction: string;
  label: string;
  /** Asked before posting; also makes the button look dangerous. */
  confirm?: string;
}

/** Columns for the screen from a list's spec; `cells` replaces plain text where a link or badge fits. */
export function tableColumns<Row>(columns: ColumnDef<Row>[], fmt: FormatContext, cells: Partial<Record<string, (row: Row) => Child>> = {}): TableColumn<Row>[] {
  return columns.map((c) => ({
    key: c.key, label: fmt.t(c.label), sortable: Boolean(c.sortBy), cell: cells[c.key] ?? ((row: Row) => c.text(row, fmt)), text: (row: Row) => c.text(row, fmt),
  }));
}

function href(basePath: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, val] of Object.entries(params)) if (val !== undefined && val !== '') search.set(k, String(val));
  const s = search.toString();
  return s ? `${basePath}?${s}` : basePath;
}

function pageNumbers(current: number, last: number): number[] {
  const set = new Set([1, last, current - 1, current, current + 1].filter((n) => n >= 1 && n <= last));
  return [...set].sort((a, b) => a - b);
}

interface DataTableProps<Row extends { id: string }> {
  v: ViewContext;
  caption: string;
  basePath: string;
  page: ListPage<Row>;
  columns: TableColumn<Row>[];
  bulkActions?: BulkAction[];
  toolbar?: Child;
  exportable?: boolean;
  /** Rows that cannot be picked for bulk actions (the administrator, say). */
  selectable?: (row: Row) => boolean;
  /** A list's own filters (status, period…), kept by search, sort, paging and export. */
  filters?: Record<string, string | undefined>;
}

function HiddenFilters({ filters }: { filters: Record<string, string | undefined> | undefined }) {
  return <>{Object.entries(filters ?? {}).map(([name, value]) => (value ? <input type="hidden" name={name} value={value} /> : null))}</>;
}

/** The one table of every list (manual 2.7, 2.8): search, sort, pages, bulk actions, CSV/PDF export. */
export function DataTable<Row extends { id: string }>(p: DataTableProps<Row>) {
  const { v, page } = p;
  const last = Math.max(1, Math.ceil(page.total / page.pageSize));
  const state = { ...p.filters, q: page.q, sort: page.sort, pageSize: page.pageSize };
  const bulk = p.bulkActions?.length ? p.bulkActions : null;
  const formId = `bulk-${p.basePath.replace(/\W/g, '')}`;
  // "Select: Ana Lima", not a column of identical "Select" boxes for screen readers and voice control.
  const selectLabel = (row: Row) => {
    const name = p.columns[0]?.text?.(row);
    return name ? `${v.t('table.selectRow')}: ${name}` : v.t('table.selectRow');
  };
  return (
    <section class="data-table" aria-label={p.caption}>
      <div class="table-toolbar">
        <div class="toolbar-actions">{p.toolbar}</div>
        <form method="get" action={p.basePath} role="search" class="table-search">
          <label for={`${formId}-q`} class="visually-hidden">{v.t('table.search')}</label>
          <input id={`${formId}-q`} type="search" name="q" value={page.q} placeholder={v.t('table.search')} />
          <input type="hidden" name="sort" value={page.sort} />
          <input type="hidden" name="pageSize" value={page.pageSize} />
          <HiddenFilters filters={p.filters} />
          <button type="submit" class="button icon" aria-label={v.t('table.searchButton')} title={v.t('table.searchButton')}>⌕</button>
        </form>
        {p.exportable !== false && (
          <div class="table-export">
            <a class="button small" href={href(p.basePath, { ...state, format: 'pdf' })} download>{v.t('table.exportPdf')}</a>
            <a class="button small" href={href(p.basePath, { ...state, format: 'csv' })} download>{v.t('table.exportCsv')}</a>
          </div>
        )}
      </div>
      <form method="post" id={formId} class="bulk-form">
        <CsrfField v={v} />
        {bulk && (
          <div class="bulk-actions">
            {bulk.map((b) => (
              <button type="submit" class={b.confirm ? 'button danger small' : 'button small'} formaction={b.formAction} data-confirm={b.confirm} data-needs-selection={v.t('flash.selectSome')}>
                {b.label}
              </button>
            ))}
          </div>
        )}
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{p.caption}</caption>
            <thead>
              <tr>
                {bulk && (
                  <th scope="col" class="select-col">
                    <input type="checkbox" data-select-all aria-label={v.t('table.selectAll')} />
                  </th>
                )}
                {p.columns.map((c) => {
                  const active = page.sort.replace(/^-/, '') === c.key;
                  const descending = active && page.sort.startsWith('-');
                  return (
                    <th scope="col" aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}>
                      {c.sortable ? (
                        <a href={href(p.basePath, { ...state, sort: active && !descending ? `-${c.key}` : c.key })}>
                          {c.label}
                          <span aria-hidden="true">{active ? (descending ? ' ▼' : ' ▲') : ''}</span>
                        </a>
                      ) : (
                        c.label
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {page.items.length === 0 && (
                <tr>
                  <td colspan={p.columns.length + (bulk ? 1 : 0)} class="empty">{page.q ? v.t('table.noMatches') : v.t('table.empty')}</td>
                </tr>
              )}
              {page.items.map((row) => (
                <tr>
                  {bulk && (
                    <td class="select-col">
                      {(p.selectable?.(row) ?? true) && <input type="checkbox" name="ids" value={row.id} aria-label={selectLabel(row)} />}
                    </td>
                  )}
                  {p.columns.map((c) => (
                    <td data-label={c.label}>{c.cell(row)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </form>
      <nav class="pager" aria-label={v.t('table.pages')}>
        <span class="pager-total">{v.t('table.total', { total: page.total })}</span>
        <ul>
          {pageNumbers(page.page, last).map((n) => (
            <li>
              {n === page.page ? (
                <span aria-current="page">{n}</span>
              ) : (
                <a href={href(p.basePath, { ...state, page: n })}>{n}</a>
              )}
            </li>
          ))}
        </ul>
        <form method="get" action={p.basePath} class="page-size" data-autosubmit>
          <input type="hidden" name="q" value={page.q} />
          <input type="hidden" name="sort" value={page.sort} />
          <HiddenFilters filters={p.filters} />
          <label for={`${formId}-size`}>{v.t('table.pageSize')}</label>
          <select id={`${formId}-size`} name="pageSize">
            {[10, 25, 50, 100].map((n) => (
              <option value={n} selected={n === page.pageSize}>{n}</option>
            ))}
          </select>
          <button type="submit" class="button small">{v.t('common.apply')}</button>
        </form>
      </nav>
    </section>
  );
}
