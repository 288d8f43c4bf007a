import { addYears, differenceInCalendarDays, differenceInYears, isValid, parseISO } from 'date-fns';

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
/** Full years from `fromIso` to `toIso` (negative when `to` is earlier). */
export const fullYearsBetween = (fromIso: string, toIsoDate: string): number => differenceInYears(toDate(toIsoDate), toDate(fromIso));
export const daysBetween = (fromIso: string, toIsoDate: string): number => differenceInCalendarDays(toDate(toIsoDate), toDate(fromIso));
export const todayIso = (): string => toIso(new Date());
