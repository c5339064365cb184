import { fieldError } from '../../errors.js';
import { localToUtc } from '../conference/local-time.js';

/** What the maintenance page's two forms post (names as in the page), and what they show again after an error. */
export interface MaintenanceFormValues {
  range: 'all' | 'period';
  from: string;
  to: string;
  siteId: string;
  formats: string[];
  target: string;
  endPoint: string;
  port: string;
  useSSL: boolean;
  region: string;
  bucket: string;
  prefix: string;
  accessKey: string;
  folder: string;
}

export const EMPTY_FORM: MaintenanceFormValues = {
  range: 'all', from: '', to: '', siteId: '', formats: ['mp3'], target: 'zip', endPoint: '', port: '', useSSL: true, region: 'us-east-1', bucket: '', prefix: '', accessKey: '', folder: '',
};

type Posted = Record<string, string | File | (string | File)[]>;
const text = (body: Posted, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};
const list = (body: Posted, name: string): string[] => {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
};

/** The posted fields as the page shows them again (never the secret key). */
export function formValues(body: Posted): MaintenanceFormValues {
  return {
    range: text(body, 'range') === 'period' ? 'period' : 'all', from: text(body, 'from'), to: text(body, 'to'), siteId: text(body, 'siteId'), formats: list(body, 'formats'),
    target: text(body, 'target') || 'zip', endPoint: text(body, 'target.endPoint'), port: text(body, 'target.port'), useSSL: text(body, 'target.useSSL') === 'on',
    region: text(body, 'target.region') || 'us-east-1', bucket: text(body, 'target.bucket'), prefix: text(body, 'target.prefix'), accessKey: text(body, 'target.accessKey'), folder: text(body, 'target.folder'),
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}

/**
 * The period of a form as instants: whole days on `timeZone`'s clock, the last one included
 * (the manual's "from … to …" is by day). Null ends for "all recordings".
 */
export function formPeriod(values: Pick<MaintenanceFormValues, 'range' | 'from' | 'to'>, timeZone: string): { from: string | null; to: string | null } {
  if (values.range === 'all') return { from: null, to: null };
  if (!DAY.test(values.from) || !localToUtc(`${values.from}T00:00`, timeZone)) throw fieldError('from', 'recordings.err.date');
  if (!DAY.test(values.to) || !localToUtc(`${values.to}T00:00`, timeZone)) throw fieldError('to', 'recordings.err.date');
  if (values.to < values.from) throw fieldError('to', 'recordings.err.periodOrder');
  return { from: localToUtc(`${values.from}T00:00`, timeZone)!.toISOString(), to: localToUtc(`${nextDay(values.to)}T00:00`, timeZone)!.toISOString() };
}

/** The export request of the form, for RecordingsExportInputSchema to check. */
export function exportRequest(body: Posted, values: MaintenanceFormValues, period: { from: string | null; to: string | null }): Record<string, unknown> {
  const target =
    values.target === 'bucket'
      ? {
          kind: 'bucket', endPoint: values.endPoint, ...(values.port ? { port: Number(values.port) } : {}), useSSL: values.useSSL, region: values.region, bucket: values.bucket,
          prefix: values.prefix, accessKey: values.accessKey, secretKey: text(body, 'target.secretKey'),
        }
      : values.target === 'node-folder'
        ? { kind: 'node-folder', folder: values.folder }
        : { kind: values.target };
  return { siteId: values.siteId || null, ...period, formats: values.formats, target };
}
