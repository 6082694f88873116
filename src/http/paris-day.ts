/** The offset of Europe/Paris from UTC at an instant, in minutes (+60 in winter, +120 in summer). */
function parisOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/**
 * The instant a calendar day ("2026-03-29") starts in Paris: officers' "from" and "to" dates are French
 * days, not UTC ones (which would shift every filter by one or two hours).
 */
export function parisDayStart(day: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(year, month - 1, date);
  // The offset at Paris midnight: taken at UTC midnight, then corrected once (a change of hour happens
  // at 2 or 3 in the morning, never between the two instants checked).
  const first = parisOffsetMinutes(new Date(utcMidnight));
  return new Date(utcMidnight - parisOffsetMinutes(new Date(utcMidnight - first * 60_000)) * 60_000);
}

/** The instant the next day starts in Paris (the exclusive end of a "to" day). */
export function parisDayEnd(day: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
  return parisDayStart(next);
}
