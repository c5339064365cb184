/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a calendar day (YYYY-MM-DD, as a date input sends it) begins in a time zone, so
 * "replay the 3rd" means the 3rd where the organization is. Two passes settle days where the
 * offset changes (daylight saving).
 */
export function dayStart(day: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(wall)) return null;
  const first = wall - zoneOffsetMs(wall, timeZone);
  return new Date(wall - zoneOffsetMs(first, timeZone));
}

/** The period [start of `from`, start of the day after `to`): both days included. */
export function dayPeriod(from: string, to: string, timeZone: string): { from: string; to: string } | null {
  const start = dayStart(from, timeZone);
  const last = /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(`${to}T00:00:00Z`) : null;
  if (!start || !last || Number.isNaN(last.getTime())) return null;
  const end = dayStart(new Date(last.getTime() + 86_400_000).toISOString().slice(0, 10), timeZone);
  return end ? { from: start.toISOString(), to: end.toISOString() } : null;
}
