import type { ListName, QueryParams } from './ipc.js';
import { COMMON_WORD, EXPORT_WORD, MEDIUM_WORD, SELECTIVE_WORD } from './vocab.js';

export interface Scenario {
  name: string;
  list: ListName;
  /** Query of the i-th request (warm-up included); `rand` gives [0, 1). */
  params: (i: number, rand: () => number) => QueryParams;
  /** Key to break the samples down by (the search words), if any. */
  groupBy?: (p: QueryParams) => string;
}

export interface ExportScenario {
  name: string;
  list: ListName;
  format: 'csv' | 'pdf';
  query: QueryParams;
  /** Rows the seed makes match. */
  expectedRows: number;
}

const firstPages = (rand: () => number) => 1 + Math.floor(rand() * 5);
const PAGE_SIZE = 25;

/** The scenarios over the seeded data; sizes come from the seed so BENCH_ROWS scales them. */
export function latencyScenarios(auditRows: number, userRows: number): Scenario[] {
  const words = [SELECTIVE_WORD, MEDIUM_WORD, COMMON_WORD, `${MEDIUM_WORD} ${COMMON_WORD}`];
  const byWord = (p: QueryParams) => `q="${p.q ?? ''}"`;
  const list: Scenario[] = [
    { name: 'audit: page 1-5, default sort (-at)', list: 'audit', params: (_, r) => ({ page: firstPages(r), pageSize: PAGE_SIZE }) },
    {
      name: `audit: deep page (offset ${Math.floor(auditRows / 2).toLocaleString('en')})`,
      list: 'audit',
      params: () => ({ page: Math.floor(auditRows / 2 / PAGE_SIZE) + 1, pageSize: PAGE_SIZE }),
    },
    { name: 'audit: page 1-5, sort=actor', list: 'audit', params: (_, r) => ({ page: firstPages(r), pageSize: PAGE_SIZE, sort: 'actor' }) },
    {
      name: 'audit: search (mixed words) + page 1-5',
      list: 'audit',
      // Round-robin over the words, so each gets the same share of the samples.
      params: (i, r) => ({ q: words[i % words.length], page: firstPages(r), pageSize: PAGE_SIZE }),
      groupBy: byWord,
    },
  ];
  if (userRows > 0) {
    const userWords = ['souza', 'mariana', '10042', 'vendas'];
    list.push(
      { name: 'users: page 1-5, default sort (fullName)', list: 'users', params: (_, r) => ({ page: firstPages(r), pageSize: PAGE_SIZE }) },
      {
        name: 'users: search (mixed words) + page 1-5',
        list: 'users',
        params: (i, r) => ({ q: userWords[i % userWords.length], page: firstPages(r), pageSize: PAGE_SIZE }),
        groupBy: byWord,
      },
    );
  }
  return list;
}

/** About a tenth of the audit log matches EXPORT_WORD (exactly every 10th seeded row). */
export function exportScenarios(exportRows: number): ExportScenario[] {
  const query = { q: EXPORT_WORD };
  return [
    { name: `audit CSV, q=${EXPORT_WORD}`, list: 'audit', format: 'csv', query, expectedRows: exportRows },
    { name: `audit PDF, q=${EXPORT_WORD}`, list: 'audit', format: 'pdf', query, expectedRows: exportRows },
  ];
}
