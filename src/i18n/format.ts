import type { Lang } from './resources';

/** Numbers per locale. Missing values show as an em dash, never 0 or NaN. */
const cache = new Map<string, Intl.NumberFormat>();

export function fmt(lang: Lang, v: number | null | undefined, digits = 2): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const key = `${lang}:${digits}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    cache.set(key, f);
  }
  return f.format(v);
}

export const fmtPercent = (lang: Lang, v: number | null | undefined, digits = 1): string =>
  v == null || !Number.isFinite(v) ? '—' : `${fmt(lang, v * 100, digits)}%`;
