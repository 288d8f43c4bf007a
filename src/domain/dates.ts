/**
 * ISO calendar dates (YYYY-MM-DD) compared as strings (their order is the calendar order). A date is valid when its
 * month exists and its day exists in that month of the proleptic Gregorian calendar (a unit test checks every day of
 * 1900–2100 against the platform's Date); the arithmetic the rules need runs on the strings, which is exact and keeps
 * the per-parcel loop free of Date objects. A full year after 29 February is 28 February.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || ISO_DATE.exec(s) === null) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] as number));
}

/** The last date the text comparison holds for: a later year has five digits and would sort before '2018'. */
export const LAST_DATE = '9999-12-31';

/**
 * The date `years` full years after `iso`. A date past LAST_DATE is LAST_DATE (never a five-digit year), so every
 * date made here still compares as text; rules bound their periods (rules.ts) so that it is never reached.
 */
export function addFullYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  if (!(y <= 9999)) return LAST_DATE;
  const md = iso.slice(5);
  return `${String(Math.max(0, y)).padStart(4, '0')}-${md === '02-29' && !isLeap(y) ? '02-28' : md}`;
}

/** Full years from `fromIso` to `toIsoDate`: the largest n with addFullYears(from, n) ≤ to; 0 when `to` is earlier. */
export function fullYearsBetween(fromIso: string, toIsoDate: string): number {
  let n = Math.max(0, Number(toIsoDate.slice(0, 4)) - Number(fromIso.slice(0, 4)));
  while (n > 0 && addFullYears(fromIso, n) > toIsoDate) n--;
  return n;
}

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
export const daysBetween = (fromIso: string, toIsoDate: string): number => dayNumber(toIsoDate) - dayNumber(fromIso);

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
