import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useAppStore, useAppStoreApi } from '../../state/react';
import { stopText } from '../../state/tour/tourFile';
import { currentTour } from '../../state/tour/tourStore';
import { useTourStore, useTourStoreApi } from '../presentation/tourContext';
import { saveBlob } from '../review/ReviewTools';
import { useMapController } from '../workspace/mapHandle';
import { type Exported, exportPdf, exportPng, PNG_PRESETS, pngOptions, sheetImage } from './exportMap';
import { coverMetersPerMm, setPrintSheet } from './PrintSheet';
import { sheetContent } from './sheetContent';
import { ORIENTATIONS, type Orientation, PAPERS, type Paper, PRINT_DPIS, sheetLayout } from './sheetLayout';

type Format = 'pdf' | 'png';
type Status = { kind: 'idle' } | { kind: 'working' } | { kind: 'done'; result: Exported } | { kind: 'failed'; message: string };

/**
 * Print and export: the current view or a stop of the tour, as a PDF page (A4 or A3, either way, 150–300 dpi), a PNG
 * of a chosen size up to a poster's, or through the browser's print with the PDF's layout. Every map image is drawn
 * again for its size (see exportMap.ts); the dialog says what was drawn.
 */
export function ExportDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const app = useAppStoreApi();
  const tourApi = useTourStoreApi();
  const tour = useTourStore(currentTour);
  const lang = useAppStore((s) => s.lang);
  const dataset = useAppStore((s) => s.dataset);
  const ctrl = useMapController();
  const [scope, setScope] = useState<string>('view');
  const [format, setFormat] = useState<Format>('pdf');
  const [paper, setPaper] = useState<Paper>('A4');
  const [orientation, setOrientation] = useState<Orientation>('landscape');
  const [dpi, setDpi] = useState<number>(200);
  const [preset, setPreset] = useState<string>('screen2');
  const [custom, setCustom] = useState({ widthPx: 2400, heightPx: 1600 });
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('select, input, button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  /** The stop's view on the workspace (when one is chosen) and the box to show: the stop's, or the map's in view. */
  const prepare = async (): Promise<[number, number, number, number] | null> => {
    if (!ctrl) return null;
    if (scope !== 'view') {
      const i = tour.stops.findIndex((s) => s.id === scope);
      const bounds = tourApi.getState().showInWorkspace(i);
      await ctrl.whenIdle();
      return bounds ?? ctrl.visibleBounds();
    }
    return ctrl.visibleBounds();
  };
  const title = () => {
    const stop = tour.stops.find((s) => s.id === scope);
    return stop ? stopText(stop, lang).title : undefined;
  };

  const run = async (print: boolean) => {
    if (!ctrl) return;
    setStatus({ kind: 'working' });
    try {
      const bounds = await prepare();
      const content = sheetContent(app.api.getState(), t, { printedAt: new Date(), title: title() });
      if (!bounds || !content) throw new Error(t('export.noMap'));
      if (print) {
        const layout = sheetLayout(paper, orientation);
        const image = await sheetImage(ctrl, layout, dpi, bounds);
        setPrintSheet({
          layout,
          content,
          image: image.canvas,
          metersPerMm: coverMetersPerMm(image.canvas.width, image.canvas.height, layout.map, image.metersPerPixel),
        });
        setStatus({ kind: 'idle' });
        setTimeout(() => window.print(), 50);
        return;
      }
      const name = `parkatlas-${dataset}${scope === 'view' ? '' : `-${scope}`}`;
      const result =
        format === 'pdf'
          ? await exportPdf(ctrl, content, { paper, orientation, dpi }, bounds, name)
          : await exportPng(
              ctrl,
              content,
              pngOptions(
                PNG_PRESETS.find((p) => p.id === preset) ?? (PNG_PRESETS[0] as never),
                ctrl.container().getBoundingClientRect(),
                preset === 'custom' ? custom : undefined,
              ),
              bounds,
              name,
            );
      saveBlob(result.blob, result.fileName);
      setStatus({ kind: 'done', result });
    } catch (e) {
      setStatus({ kind: 'failed', message: (e as Error).message });
    }
  };

  const png = PNG_PRESETS.find((p) => p.id === preset);
  const pngSize = ctrl && png ? pngOptions(png, ctrl.container().getBoundingClientRect(), preset === 'custom' ? custom : undefined) : null;
  return createPortal(
    <div className="export-backdrop">
      <div className="export-dialog" role="dialog" aria-modal="true" aria-labelledby="export-h" ref={dialog} data-testid="export-dialog">
        <h2 id="export-h">{t('export.heading')}</h2>
        <label className="field">
          {t('export.scope')}
          <select value={scope} onChange={(e) => setScope(e.target.value)} data-testid="export-scope">
            <option value="view">{t('export.currentView')}</option>
            {tour.stops.map((s, i) => (
              <option key={s.id} value={s.id}>
                {t('export.stop', { n: i + 1, title: stopText(s, lang).title })}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="export-format">
          <legend>{t('export.format')}</legend>
          {(['pdf', 'png'] as const).map((f) => (
            <label key={f}>
              <input type="radio" name="export-format" checked={format === f} onChange={() => setFormat(f)} data-testid={`export-format-${f}`} />
              {t(`export.formats.${f}`)}
            </label>
          ))}
        </fieldset>
        {format === 'pdf' ? (
          <div className="export-options">
            <label className="field">
              {t('export.paper')}
              <select value={paper} onChange={(e) => setPaper(e.target.value as Paper)} data-testid="export-paper">
                {PAPERS.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t('export.orientation')}
              <select value={orientation} onChange={(e) => setOrientation(e.target.value as Orientation)} data-testid="export-orientation">
                {ORIENTATIONS.map((o) => (
                  <option key={o} value={o}>
                    {t(`export.orientations.${o}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t('export.dpi')}
              <select value={dpi} onChange={(e) => setDpi(Number(e.target.value))} data-testid="export-dpi">
                {PRINT_DPIS.map((d) => (
                  <option key={d} value={d}>
                    {d} dpi
                  </option>
                ))}
              </select>
            </label>
          </div>
        ) : (
          <div className="export-options">
            <label className="field">
              {t('export.size')}
              <select value={preset} onChange={(e) => setPreset(e.target.value)} data-testid="export-preset">
                {PNG_PRESETS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {t(`export.presets.${p.id}`)}
                  </option>
                ))}
              </select>
            </label>
            {preset === 'custom' && (
              <div className="export-custom">
                <label className="field">
                  {t('export.widthPx')}
                  <input
                    type="number"
                    min={100}
                    max={16384}
                    value={custom.widthPx}
                    onChange={(e) => setCustom({ ...custom, widthPx: Math.max(100, Math.min(16384, Math.round(Number(e.target.value) || 0))) })}
                    data-testid="export-width"
                  />
                </label>
                <label className="field">
                  {t('export.heightPx')}
                  <input
                    type="number"
                    min={100}
                    max={16384}
                    value={custom.heightPx}
                    onChange={(e) => setCustom({ ...custom, heightPx: Math.max(100, Math.min(16384, Math.round(Number(e.target.value) || 0))) })}
                    data-testid="export-height"
                  />
                </label>
              </div>
            )}
            {pngSize && (
              <p className="export-note">{t('export.pngSize', { width: pngSize.widthPx, height: pngSize.heightPx, ratio: pngSize.pixelRatio.toFixed(2) })}</p>
            )}
          </div>
        )}
        <p className="export-note">{t(format === 'pdf' ? 'export.pdfNote' : 'export.pngNote')}</p>
        <div className="export-actions">
          <button type="button" className="primary" disabled={!ctrl || status.kind === 'working'} onClick={() => void run(false)} data-testid="export-run">
            {t(format === 'pdf' ? 'export.savePdf' : 'export.savePng')}
          </button>
          {format === 'pdf' && (
            <button type="button" disabled={!ctrl || status.kind === 'working'} onClick={() => void run(true)} data-testid="export-print">
              {t('export.print')}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t('app.close')}
          </button>
        </div>
        <p className="export-status" role="status" data-testid="export-status">
          {status.kind === 'working' && t('export.working')}
          {status.kind === 'failed' && t('export.failed', { message: status.message })}
          {status.kind === 'done' && (
            <span
              data-testid="export-result"
              data-width={status.result.image.canvas.width}
              data-height={status.result.image.canvas.height}
              data-tiles={status.result.image.tiles}
            >
              {t('export.done', {
                file: status.result.fileName,
                width: status.result.image.canvas.width,
                height: status.result.image.canvas.height,
                tiles: status.result.image.tiles,
              })}
            </span>
          )}
        </p>
      </div>
    </div>,
    document.body,
  );
}
