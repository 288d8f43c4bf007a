import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';
import { currentTour } from '../../state/tour/tourStore';
import { PrintSheetHost } from '../print/PrintSheet';
import { FigureListHost } from './FigureList';
import { useOfflineStatus } from './offline';
import { Presentation } from './Presentation';
import { useTourStore, useTourStoreApi } from './tourContext';

// loaded when first opened: the PDF library and its font engine are large
const ExportDialog = lazy(() => import('../print/ExportDialog').then((m) => ({ default: m.ExportDialog })));
const MeasureTool = lazy(() => import('../measure/MeasureTool').then((m) => ({ default: m.MeasureTool })));

/** The site-visit tools in the top bar: present the tour, print and export, measure. */
export function SiteVisitTools() {
  const { t } = useTranslation();
  const api = useTourStoreApi();
  const stops = useTourStore((s) => currentTour(s).stops.length);
  const data = useAppStore((s) => s.data);
  const [exporting, setExporting] = useState(false);
  const [measuring, setMeasuring] = useState(false);
  const offline = useOfflineStatus();
  return (
    <>
      {offline !== 'unsupported' && (
        <span className={`offline-status ${offline}`} title={t(`offline.${offline}Help`)} data-testid="offline-status" data-status={offline}>
          {t(`offline.${offline}`)}
        </span>
      )}
      <button type="button" disabled={!data || stops === 0} onClick={() => api.getState().present(0)} data-testid="present">
        {t('tour.present')}
      </button>
      <button type="button" disabled={!data} onClick={() => setExporting(true)} className="print-btn" data-testid="print" aria-haspopup="dialog">
        {t('export.open')}
      </button>
      <button type="button" disabled={!data} aria-pressed={measuring} onClick={() => setMeasuring(!measuring)} data-testid="measure-toggle">
        {t('measureTool.open')}
      </button>
      <Suspense fallback={null}>
        {exporting && <ExportDialog onClose={() => setExporting(false)} />}
        {measuring && <MeasureTool onClose={() => setMeasuring(false)} />}
      </Suspense>
    </>
  );
}

/** Mounted once, outside the workspace's layout: the presentation and what is printed. */
export function SiteVisitHosts() {
  return (
    <>
      <Presentation />
      <FigureListHost />
      <PrintSheetHost />
    </>
  );
}
