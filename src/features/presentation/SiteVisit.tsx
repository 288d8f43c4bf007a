import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';
import { currentTour } from '../../state/tour/tourStore';
import { ExportDialog } from '../print/ExportDialog';
import { PrintSheetHost } from '../print/PrintSheet';
import { FigureListHost } from './FigureList';
import { Presentation } from './Presentation';
import { useTourStore, useTourStoreApi } from './tourContext';

/** The site-visit tools in the top bar: present the tour, print and export, measure. */
export function SiteVisitTools() {
  const { t } = useTranslation();
  const api = useTourStoreApi();
  const stops = useTourStore((s) => currentTour(s).stops.length);
  const data = useAppStore((s) => s.data);
  const [exporting, setExporting] = useState(false);
  return (
    <>
      <button type="button" disabled={!data || stops === 0} onClick={() => api.getState().present(0)} data-testid="present">
        {t('tour.present')}
      </button>
      <button type="button" disabled={!data} onClick={() => setExporting(true)} className="print-btn" data-testid="print" aria-haspopup="dialog">
        {t('export.open')}
      </button>
      {exporting && <ExportDialog onClose={() => setExporting(false)} />}
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
