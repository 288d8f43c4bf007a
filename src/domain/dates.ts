import { addYears, differenceInCalendarDays, isValid, parseISO } from 'date-fns';

/** ISO calendar dates (YYYY-MM-DD). Full years follow date-fns: 29 Feb + 1 year is 28 Feb. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: unknown): s is string {
  return typeof s === 'string' && ISO_DATE.test(s) && isValid(parseISO(s));
}

const toDate = (iso: string): Date => parseISO(iso);
const toIso = (d: Date): string => {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${m}-${day}`;
};

export const addFullYears = (iso: string, years: number): string => toIso(addYears(toDate(iso), years));
/**
 * Full years from `fromIso` to `toIsoDate`: the largest n with addFullYears(from, n) ≤ to, so that it agrees with
 * addFullYears on 29 February (2016-02-29 → 2017-02-28 is one full year). 0 when `to` is earlier.
 */
export function fullYearsBetween(fromIso: string, toIsoDate: string): number {
  let n = Math.max(0, Number(toIsoDate.slice(0, 4)) - Number(fromIso.slice(0, 4)));
  while (n > 0 && addFullYears(fromIso, n) > toIsoDate) n--;
  return n;
}
export const daysBetween = (fromIso: string, toIsoDate: string): number => differenceInCalendarDays(toDate(toIsoDate), toDate(fromIso));
export const todayIso = (): string => toIso(new Date());
