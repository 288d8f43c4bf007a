import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';
import { ReviewPane } from '../review/ReviewPane';
import { ReviewRecordHost } from '../review/ReviewRecord';
import { FilterPanel } from './FilterPanel';
import { LayerPanel } from './LayerPanel';
import { ParcelInspector } from './ParcelInspector';
import { ProblemsPanel } from './ProblemsPanel';
import { ZonePanel } from './ZonePanel';

/**
 * The map (MapLibre, most of the app's code) is its own chunk, loaded as soon as the page shell has rendered: the
 * browser then evaluates the two in separate tasks instead of one long one, and the panels show at once.
 */
const MapView = lazy(() => import('./MapView').then((m) => ({ default: m.MapView })));
/**
 * The table (TanStack Table and Virtual) is a chunk of its own too, loaded with the map (see App's first effect) and
 * drawn one task after the results arrive (the store's tableReady).
 */
const loadParcelTable = () => import('./ParcelTable');
const ParcelTable = lazy(() => loadParcelTable().then((m) => ({ default: m.ParcelTable })));

export function App() {
  const { t, i18n } = useTranslation();
  const status = useAppStore((s) => s.status);
  const progress = useAppStore((s) => s.progress);
  const error = useAppStore((s) => s.error);
  const data = useAppStore((s) => s.data);
  const lang = useAppStore((s) => s.lang);
  const setLang = useAppStore((s) => s.setLang);
  const tableOpen = useAppStore((s) => s.tableOpen);
  const tableReady = useAppStore((s) => s.tableReady);
  const setTableOpen = useAppStore((s) => s.setTableOpen);
  const setProblemsOpen = useAppStore((s) => s.setProblemsOpen);
  const reviewOpen = useAppStore((s) => s.review.paneOpen);
  const setReviewPane = useAppStore((s) => s.setReviewPane);
  const toggleLayer = useAppStore((s) => s.toggleLayer);
  const problemCount = data?.problems.length ?? 0;
  const errorCount = data?.problems.filter((p) => p.severity === 'error').length ?? 0;

  useEffect(() => {
    void loadParcelTable();
  }, []);
  useEffect(() => {
    if (i18n.language !== lang) void i18n.changeLanguage(lang);
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang, i18n]);
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  return (
    <div className={`app${tableOpen ? ' with-table' : ''}${reviewOpen ? ' with-review' : ''}`}>
      <header className="topbar">
        <h1>
          {t('app.title')} <small>{t('app.subtitle')}</small>
        </h1>
        {data?.manifest && (
          <span className="dataset" title={lang === 'zh' ? data.manifest.notice : data.manifest.noticeEn}>
            {lang === 'zh' ? data.manifest.name : data.manifest.nameEn}
            {data.manifest.illustrative && <strong className="badge">{t('app.illustrative')}</strong>}
          </span>
        )}
        {data && (
          <span className="asof">
            {t('app.asOf')} {data.asOfDate}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          onClick={() => setProblemsOpen(true)}
          className={errorCount ? 'problems-btn has-errors' : 'problems-btn'}
          data-testid="problems-button"
        >
          {t('app.problemsCount', { count: problemCount })}
        </button>
        <button
          type="button"
          aria-pressed={reviewOpen}
          disabled={!data}
          onClick={() => {
            setReviewPane(!reviewOpen);
            if (!reviewOpen) toggleLayer('review', true);
          }}
          data-testid="review-toggle"
        >
          {t('review.openPane')}
        </button>
        <button type="button" onClick={() => setTableOpen(!tableOpen)}>
          {tableOpen ? t('ui.hideTable') : t('ui.showTable')}
        </button>
        <button type="button" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch" lang={lang === 'zh' ? 'en' : 'zh'}>
          {t('app.language')}
        </button>
      </header>
      <nav className="left" aria-label={t('ui.zones')}>
        <ZonePanel />
        <LayerPanel />
        <FilterPanel />
      </nav>
      <main className="center">
        <Suspense fallback={<div className="map" aria-busy="true" />}>
          <MapView />
        </Suspense>
        {status === 'loading' && (
          <div className="progress" role="status" data-testid="progress">
            <span>{progress.phase === 'analyse' ? t('app.loadingProgress', { done: progress.done, total: progress.total }) : t('app.loading')}</span>
            <progress max={progress.total || 1} value={progress.done} />
          </div>
        )}
        {status === 'error' && (
          <div className="progress error" role="alert">
            {t('ui.loadError', { message: error ?? '' })}
          </div>
        )}
        {!reviewOpen && <ParcelInspector />}
        <ProblemsPanel />
      </main>
      {reviewOpen && <ReviewPane />}
      <ReviewRecordHost />
      {tableOpen && (
        <section className="bottom" aria-label={t('ui.table')}>
          {tableReady && (
            <Suspense fallback={null}>
              <ParcelTable />
            </Suspense>
          )}
        </section>
      )}
    </div>
  );
}
