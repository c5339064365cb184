import { z } from 'zod';

/** The query every list endpoint and page accepts (manual 2.7, 2.8). */
export const ListQuerySchema = z.object({
  q: z.string().trim().max(200).default(''),
  /** A column key, descending when prefixed by "-". */
  sort: z.string().regex(/^-?[a-zA-Z][a-zA-Z0-9]*$/, 'must be a column key, optionally prefixed by "-"').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  format: z.enum(['json', 'csv', 'pdf']).optional(),
});

export type ListQuery = z.infer<typeof ListQuerySchema>;

export interface ListPage<Row> {
  items: Row[];
  total: number;
  page: number;
  pageSize: number;
  sort: string;
  q: string;
}

/** Splits the search box text into words; every word must match some searchable column. */
export function searchWords(q: string): string[] {
  return q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
}

/** LIKE pattern for a word, with the wildcards inside it taken literally. */
export function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
