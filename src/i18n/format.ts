import type { Lang } from './resources';

/** Numbers per locale. Missing values show as an em dash, never 0 or NaN. */
const cache = new Map<string, Intl.NumberFormat>();

/**
 * Builds the formatters the panels use while the page waits for the analysis: the first Intl.NumberFormat loads
 * locale data, which would otherwise land in the task that first draws the results.
 */
export function warmFormatters(lang: Lang): void {
  // the language shown only (the other is built when the user switches), one formatter a task: the first loads the
  // locale's data, and all of them in one task made one long task
  const todo = [0, 1, 2].map((digits) => () => fmt(lang, 0, digits));
  const step = () => {
    todo.shift()?.();
    if (todo.length > 0) setTimeout(step, 0);
  };
  step();
}

export function fmt(lang: Lang, v: number | null | undefined, digits = 2): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const key = `${lang}:${digits}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'negative' });
    cache.set(key, f);
  }
  return f.format(v);
}

export const fmtPercent = (lang: Lang, v: number | null | undefined, digits = 1): string =>
  v == null || !Number.isFinite(v) ? '—' : `${fmt(lang, v * 100, digits)}%`;
