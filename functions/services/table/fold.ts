import { sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Search ignores accents and case: "joao" finds "João", "úrsula" finds "Úrsula". SQLite's own
 * lower() and LIKE fold ASCII only, so words are folded here and the text either is stored folded
 * (large tables: users, audit log) or matched with a GLOB whose classes hold every accented form.
 */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Accented letters of the languages Ramal serves, by plain letter. */
const VARIANTS: Record<string, string> = {
  a: 'áàâãäå', e: 'éèêë', i: 'íìîï', o: 'óòôõö', u: 'úùûü', c: 'ç', n: 'ñ', y: 'ýÿ',
};

/** A GLOB pattern matching the folded `word` anywhere, in any case and with any accents. */
export function globPattern(word: string): string {
  const classes = [...foldText(word)].map((ch) => {
    const forms = [...new Set(ch + (VARIANTS[ch] ?? '') + (ch + (VARIANTS[ch] ?? '')).toUpperCase())].join('');
    if (forms.length > 1) return `[${forms}]`;
    // GLOB's own wildcards are taken literally inside a class; anything else stands for itself.
    return '*?['.includes(ch) ? `[${ch}]` : ch;
  });
  return `*${classes.join('')}*`;
}

/** The condition "expr contains word, ignoring accents and case", for columns not stored folded. */
export function containsFolded(expr: SQL | AnySQLiteColumn, word: string): SQL {
  return sql`${expr} glob ${globPattern(word)}`;
}

/**
 * foldText in SQL text, for migrations that backfill stored folded columns. It runs as several
 * statements of a few replace() calls each: SQLite's parser refuses ~35 nested calls in one.
 */
export function foldSqlStatements(table: string, column: string): string[] {
  const pairs = Object.entries(VARIANTS).flatMap(([plain, forms]) => [...forms].flatMap((f) => [[f, plain], [f.toUpperCase(), plain]]));
  const statements = [`UPDATE \`${table}\` SET \`${column}\` = lower(\`${column}\`)`];
  for (let i = 0; i < pairs.length; i += 12) {
    let expr = `\`${column}\``;
    for (const [from, to] of pairs.slice(i, i + 12)) expr = `replace(${expr}, '${from}', '${to}')`;
    statements.push(`UPDATE \`${table}\` SET \`${column}\` = ${expr}`);
  }
  return statements;
}
