import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';
import { DatasetMenu } from '../import/DatasetMenu';
import { SiteVisitHosts, SiteVisitTools } from '../presentation/SiteVisit';
import { TourPanel } from '../presentation/TourPanel';
import { ReviewPane } from '../review/ReviewPane';
import { ReviewRecordHost } from '../review/ReviewRecord';
import { DatasetNotFound } from './DatasetNotFound';
import { FilterPanel } from './FilterPanel';
import { LayerPanel } from './LayerPanel';
import { MapLegend } from './MapLegend';
import { Notices } from './Notices';
import { ParcelInspector } from './ParcelInspector';
import { ProblemsPanel } from './ProblemsPanel';
import { useNarrowScreen } from './useNarrowScreen';
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
/** The plan dashboard and its charts (ECharts) are a chunk of their own, loaded when the dashboard is first opened. */
const DashboardPanel = lazy(() => import('../dashboard/DashboardPanel').then((m) => ({ default: m.DashboardPanel })));

/**
 * The workspace. Wide screens: side panel, map with its legend, the table below it and the inspector beside both.
 * Narrow screens (below 700 px): the map takes the width, the side panel and the table are drawers over it, opened
 * from a tab bar, and the inspector a sheet at the bottom.
 */
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
  const problemsOpen = useAppStore((s) => s.problemsOpen);
  const selectedId = useAppStore((s) => s.selectedId);
  const select = useAppStore((s) => s.select);
  const drawer = useAppStore((s) => s.drawer);
  const setDrawer = useAppStore((s) => s.setDrawer);
  const narrow = useNarrowScreen();
  const reviewOpen = useAppStore((s) => s.reviewPane);
  const setReviewPane = useAppStore((s) => s.setReviewPane);
  const toggleLayer = useAppStore((s) => s.toggleLayer);
  const dashboardOpen = useAppStore((s) => s.dashboard);
  const setDashboard = useAppStore((s) => s.setDashboard);
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
  // Escape closes what lies over the map: the problems first, then the inspector, then a drawer
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (problemsOpen) setProblemsOpen(false);
      else if (selectedId != null) select(null, 'map');
      else if (narrow && drawer) setDrawer(null);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [problemsOpen, selectedId, drawer, narrow, setProblemsOpen, select, setDrawer]);

  const showTable = status !== 'not-found' && (narrow ? drawer === 'table' : tableOpen);
  const classes = [
    'app',
    showTable && !narrow ? 'with-table' : '',
    selectedId != null && !reviewOpen ? 'with-inspector' : '',
    reviewOpen ? 'with-review' : '',
    dashboardOpen && data ? 'with-dashboard' : '',
    narrow ? 'narrow' : '',
    narrow && drawer ? `drawer-${drawer}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const asOf = status === 'ready' && data?.manifest ? data.asOfDate : null;

  return (
    <div className={classes}>
      <header className="topbar">
        <h1>
          {t('app.title')} <small>{t('app.subtitle')}</small>
        </h1>
        {data?.manifest && (
          <span className="dataset" title={lang === 'zh' ? data.manifest.notice : data.manifest.noticeEn}>
            <span className="dataset-name">{lang === 'zh' ? data.manifest.name : data.manifest.nameEn}</span>
            {data.manifest.illustrative && <strong className="badge">{t('app.illustrative')}</strong>}
          </span>
        )}
        <span className="asof" data-testid="as-of">
          {t('app.asOf')} <span data-testid="as-of-date">{asOf ?? '—'}</span>
        </span>
        <DatasetMenu />
        <span className="spacer" />
        <button
          type="button"
          onClick={() => setProblemsOpen(true)}
          className={errorCount ? 'problems-btn has-errors' : 'problems-btn'}
          data-testid="problems-button"
          disabled={!data}
        >
          {t('app.problemsCount', { count: problemCount })}
        </button>
        <button type="button" aria-pressed={dashboardOpen} disabled={!data} onClick={() => setDashboard(!dashboardOpen)} data-testid="dashboard-toggle">
          {t('dashboard.open')}
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
        {!narrow && (
          <button type="button" onClick={() => setTableOpen(!tableOpen)} aria-pressed={tableOpen} data-testid="table-toggle">
            {tableOpen ? t('ui.hideTable') : t('ui.showTable')}
          </button>
        )}
        <SiteVisitTools />
        <button type="button" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch" lang={lang === 'zh' ? 'en' : 'zh'}>
          {t('app.language')}
        </button>
      </header>
      <nav className="left" aria-label={t('ui.sidePanel')} id="side-panel" hidden={narrow && drawer !== 'panel'}>
        <ZonePanel />
        <TourPanel />
        <LayerPanel />
        <FilterPanel />
      </nav>
      <main className="center">
        <div className="map-pane">
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
          {status === 'not-found' && <DatasetNotFound />}
          <Notices />
          <ProblemsPanel />
        </div>
        <MapLegend />
      </main>
      {showTable && (
        <section className="bottom" aria-label={t('ui.table')} id="table-panel">
          {tableReady && (
            <Suspense fallback={null}>
              <ParcelTable />
            </Suspense>
          )}
        </section>
      )}
      {dashboardOpen && data && (
        <Suspense fallback={<aside className="dashboard" aria-busy="true" />}>
          <DashboardPanel />
        </Suspense>
      )}
      {!reviewOpen && <ParcelInspector />}
      {reviewOpen && <ReviewPane />}
      <ReviewRecordHost />
      <SiteVisitHosts />
      {narrow && (
        <nav className="tabbar" aria-label={t('ui.views')}>
          {([null, 'panel', 'table'] as const).map((d) => (
            <button
              key={d ?? 'map'}
              type="button"
              aria-pressed={drawer === d}
              aria-controls={d === 'panel' ? 'side-panel' : d === 'table' ? 'table-panel' : undefined}
              onClick={() => {
                setDrawer(d);
                setDashboard(false);
              }}
              data-drawer={d ?? 'map'}
            >
              {t(`ui.tab.${d ?? 'map'}`)}
            </button>
          ))}
        </nav>
      )}
    </div>
  );
}
