import type { DatasetManifest } from './dataset';

/**
 * A dataset's credits in the language shown: the English ones when there are, else the Chinese. Its own module, free of
 * the readers, so that the page's first chunk can show credits without the CRS code (proj4) behind dataset.ts.
 */
export function creditsIn(m: Pick<DatasetManifest, 'credits' | 'creditsEn'>, lang: 'zh' | 'en'): string[] {
  return lang === 'en' && m.creditsEn.length > 0 ? m.creditsEn : m.credits;
}
