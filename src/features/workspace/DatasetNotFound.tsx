import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';

/** `?dataset=` names a folder the app does not have: say so, and list the datasets it has, as links. */
export function DatasetNotFound() {
  const { t } = useTranslation();
  const dataset = useAppStore((s) => s.dataset);
  const datasets = useAppStore((s) => s.datasets) ?? [];
  const lang = useAppStore((s) => s.lang);
  const linkTo = (id: string) => {
    const q = new URLSearchParams(window.location.search);
    q.set('dataset', id);
    for (const k of ['zone', 'sel', 'cam', 'ind', 'lu']) q.delete(k);
    return `?${q.toString()}`;
  };
  return (
    <div className="progress not-found" role="alert" data-testid="dataset-not-found">
      <h2>{t('ui.datasetNotFound', { name: dataset })}</h2>
      {datasets.length === 0 ? (
        <p>{t('ui.noDatasets')}</p>
      ) : (
        <>
          <p>{t('ui.datasetsThere')}</p>
          <ul data-testid="dataset-list">
            {datasets.map((d) => (
              <li key={d.id}>
                <a href={linkTo(d.id)} data-dataset={d.id}>
                  {lang === 'zh' ? d.name : d.nameEn}
                </a>{' '}
                <code>{d.id}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
