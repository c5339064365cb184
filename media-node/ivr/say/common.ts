/** What every language's composer shares: range checks, digit grouping and local clock parts. */
export const MAX_SAY_NUMBER = 999_999_999;

export class SayError extends Error {
  constructor(
    readonly code: 'SAY_OUT_OF_RANGE' | 'SAY_INVALID_DATE' | 'SAY_INVALID_TIME_ZONE' | 'SAY_NOTHING',
    message: string,
  ) {
    super(message);
    this.name = 'SayError';
  }
}

/** Grammatical form a number takes where the language inflects it (hours are feminine in Romance languages). */
export type NumberForm = 'plain' | 'feminine';

export interface Composer {
  number(n: number, form?: NumberForm): string[];
  date(parts: LocalParts, withYear: boolean): string[];
  time(parts: LocalParts): string[];
}

export function checkNumber(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SAY_NUMBER) {
    throw new SayError('SAY_OUT_OF_RANGE', `say supports whole numbers from 0 to ${MAX_SAY_NUMBER}, got ${n}`);
  }
}

/** Splits into millions, thousands and the last three digits. */
export function groups(n: number): { millions: number; thousands: number; units: number } {
  return { millions: Math.floor(n / 1_000_000), thousands: Math.floor(n / 1000) % 1000, units: n % 1000 };
}

export interface LocalParts {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
  weekday: number; // 0 = Sunday
  hour: number; // 0–23
  minute: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        weekday: 'short',
        hour: 'numeric',
        minute: 'numeric',
        hourCycle: 'h23',
      });
    } catch {
      throw new SayError('SAY_INVALID_TIME_ZONE', `unknown time zone ${timeZone}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `date` as seen in `timeZone` (an IANA name such as America/Sao_Paulo). */
export function localParts(date: Date, timeZone: string): LocalParts {
  if (Number.isNaN(date.getTime())) throw new SayError('SAY_INVALID_DATE', 'say got an invalid date');
  const fields = new Map<string, string>(formatter(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  const num = (type: string) => Number(fields.get(type));
  return {
    year: num('year'),
    month: num('month'),
    day: num('day'),
    weekday: WEEKDAYS.indexOf(fields.get('weekday') ?? ''),
    hour: num('hour') % 24,
    minute: num('minute'),
  };
}
