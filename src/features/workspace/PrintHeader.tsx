import { useTranslation } from 'react-i18next';
import { creditsIn } from '../../data/credits';
import { useAppStore } from '../../state/react';

/** What a printed map says besides the map and its legend: title, dataset, zone, as-of date and the data's credits. */
export function PrintHeader() {
  const { t } = useTranslation();
  const data = useAppStore((s) => s.data);
  const lang = useAppStore((s) => s.lang);
  const zone = useAppStore((s) => s.filters.zone);
  const metric = useAppStore((s) => s.metric);
  const theme = useAppStore((s) => s.theme);
  if (!data?.manifest) return null;
  const m = data.manifest;
  const z = data.zones.find((x) => x.id === zone);
  return (
    <header className="print-only print-header">
      <h1>
        {t('app.title')} · {z ? (lang === 'zh' ? z.name : z.nameEn) : lang === 'zh' ? m.name : m.nameEn}
      </h1>
      <p>
        {theme === 'metric' ? t(`metricName.${metric}`) : t(`themeName.${theme}`)} · {t('app.asOf')} {data.asOfDate}
        {m.illustrative ? ` · ${t('app.illustrative')}` : ''}
      </p>
      {m.credits.length > 0 && <p className="print-credits">{creditsIn(m, lang).join(' · ')}</p>}
    </header>
  );
}
