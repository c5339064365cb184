import type { FormatContext } from './list-spec.js';

// Building an Intl formatter costs far more than using one; exports format 100 000s of cells.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Date and time in the viewer's language and the site's (or organization's) time zone. */
export function formatDateTime(value: Date, ctx: Pick<FormatContext, 'locale' | 'timeZone'>): string {
  const key = `${ctx.locale}|${ctx.timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'short', timeStyle: 'short', timeZone: ctx.timeZone });
    formatters.set(key, formatter);
  }
  return formatter.format(value);
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`;
}
