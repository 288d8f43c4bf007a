import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../data/problem';
import { problemMessageWith } from '../../data/problem';
import { useAppStore, useAppStoreApi } from '../../state/react';
import { serializeTour, stopText, type TourStop } from '../../state/tour/tourFile';
import { currentTour } from '../../state/tour/tourStore';
import { saveBlob } from '../review/ReviewTools';
import { useMapController } from '../workspace/mapHandle';
import { printFigureList } from './FigureList';
import { useTourStore, useTourStoreApi } from './tourContext';

/**
 * The tour of the dataset in the side panel: its stops in order, each to present from, edit (title and caption in the
 * language shown), move or delete; the current view added as a stop; the tour exported as tour.json (to replace the
 * dataset's) or imported; the dataset's own tour back. Every edit is written at once (tourStorage.ts).
 */
export function TourPanel() {
  const { t } = useTranslation();
  const api = useTourStoreApi();
  const tour = useTourStore(currentTour);
  const edited = useTourStore((s) => s.stored != null);
  const storage = useTourStore((s) => s.storage);
  const failure = useTourStore((s) => s.failure);
  const fileProblems = useTourStore((s) => s.problems);
  const lang = useAppStore((s) => s.lang);
  const data = useAppStore((s) => s.data);
  const ctrl = useMapController();
  const app = useAppStoreApi();
  const [editing, setEditing] = useState<string | null>(null);
  const [importProblems, setImportProblems] = useState<Problem[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  if (!data) return null;

  const addView = async () => {
    if (!ctrl) return;
    const id = await api.getState().addCurrentView(ctrl.visibleBounds(), defaultTitle());
    if (id) setEditing(id);
  };
  /** A new stop's title: the selected parcel's name, else the zone's, else "视图 n". */
  const defaultTitle = (): string => {
    const v = app.api.getState();
    const row = v.selectedId ? data.table.text.id.indexOf(v.selectedId) : -1;
    if (row >= 0) return data.table.text.name[row] || v.selectedId || '';
    const zone = data.zones.find((z) => z.id === v.filters.zone);
    if (zone) return lang === 'zh' ? zone.name : zone.nameEn;
    return t('tour.viewTitle', { n: tour.stops.length + 1 });
  };
  const importFile = async (file: File) => {
    const problems = await api.getState().importTour(await file.text(), file.name);
    setImportProblems(problems);
  };
  const problems = [...fileProblems, ...importProblems];

  return (
    <section className="panel-section tour-panel" aria-labelledby="tour-h" data-testid="tour-panel">
      <h2 id="tour-h">
        {t('tour.heading')} <small>{t('tour.stopCount', { count: tour.stops.length })}</small>
      </h2>
      <div className="tour-actions">
        <button type="button" className="primary" disabled={tour.stops.length === 0} onClick={() => api.getState().present(0)} data-testid="tour-present">
          {t('tour.present')}
        </button>
        <button type="button" onClick={() => void addView()} disabled={!ctrl} data-testid="tour-add">
          {t('tour.addView')}
        </button>
      </div>
      <ol className="tour-stops" data-testid="tour-stops">
        {tour.stops.map((s, i) => (
          <li key={s.id} data-stop={s.id}>
            <div className="tour-stop-row">
              <span className="tour-stop-title">{stopText(s, lang).title || t('tour.noTitle')}</span>
              <span className="tour-stop-kind">{t(`tour.kind.${s.kind}`)}</span>
            </div>
            <div className="tour-stop-tools">
              <button
                type="button"
                onClick={() => api.getState().present(i)}
                aria-label={t('tour.presentFrom', { n: i + 1 })}
                title={t('tour.presentFrom', { n: i + 1 })}
              >
                ▶
              </button>
              <button type="button" aria-expanded={editing === s.id} onClick={() => setEditing(editing === s.id ? null : s.id)} data-testid="tour-edit">
                {t('tour.edit')}
              </button>
              <button
                type="button"
                disabled={i === 0}
                onClick={() => void api.getState().moveStop(s.id, -1)}
                aria-label={t('tour.moveUp')}
                title={t('tour.moveUp')}
              >
                ↑
              </button>
              <button
                type="button"
                disabled={i === tour.stops.length - 1}
                onClick={() => void api.getState().moveStop(s.id, 1)}
                aria-label={t('tour.moveDown')}
                title={t('tour.moveDown')}
                data-testid="tour-down"
              >
                ↓
              </button>
              <button
                type="button"
                onClick={() => void api.getState().deleteStop(s.id)}
                aria-label={t('tour.delete')}
                title={t('tour.delete')}
                data-testid="tour-delete"
              >
                ✕
              </button>
            </div>
            {editing === s.id && <StopEditor stop={s} lang={lang} />}
          </li>
        ))}
      </ol>
      <div className="tour-actions">
        <button
          type="button"
          disabled={tour.stops.length === 0}
          onClick={() => saveBlob(new Blob([serializeTour(tour)], { type: 'application/json' }), 'tour.json')}
          data-testid="tour-export"
        >
          {t('tour.export')}
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          {t('tour.import')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importFile(f);
            e.target.value = '';
          }}
          data-testid="tour-import"
        />
        <button type="button" disabled={tour.stops.length === 0} onClick={() => printFigureList()} data-testid="tour-figures">
          {t('tour.printFigures')}
        </button>
        {edited && (
          <button type="button" onClick={() => void api.getState().resetTour()} data-testid="tour-reset">
            {t('tour.reset')}
          </button>
        )}
      </div>
      <p className={storage === 'memory' || failure ? 'tour-status warn' : 'tour-status'} role="status" data-testid="tour-status">
        {failure
          ? t('tour.writeFailed', { message: failure })
          : storage === 'memory'
            ? t('tour.memoryOnly')
            : edited
              ? t('tour.savedHere')
              : t('tour.fromDataset')}
      </p>
      {problems.length > 0 && (
        <ul className="tour-problems" data-testid="tour-problems">
          {problems.slice(0, 20).map((p) => (
            <li key={`${p.file}-${p.code}-${p.featureIndex}-${p.property}-${p.message}`} className={p.severity}>
              {p.file}
              {p.featureIndex != null ? ` · ${t('tour.stopN', { n: p.featureIndex + 1 })}${p.featureId ? ` (${p.featureId})` : ''}` : ''}:{' '}
              {problemMessageWith(t, p)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A stop's title and caption in the language shown, written as typed (after a short pause) and when the field is left. */
function StopEditor({ stop, lang }: { stop: TourStop; lang: 'zh' | 'en' }) {
  const { t } = useTranslation();
  const api = useTourStoreApi();
  const keys = lang === 'en' ? ({ title: 'titleEn', caption: 'captionEn' } as const) : ({ title: 'title', caption: 'caption' } as const);
  const [title, setTitle] = useState(stop[keys.title] ?? '');
  const [caption, setCaption] = useState(stop[keys.caption] ?? '');
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  // another tab's edit of this stop shows here (unless this field is being typed in)
  useEffect(() => {
    if (!pending.current) {
      setTitle(stop[keys.title] ?? '');
      setCaption(stop[keys.caption] ?? '');
    }
  }, [stop, keys]);
  const write = (patch: Partial<TourStop>) => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = null;
    void api.getState().updateStop(stop.id, patch);
  };
  const later = (patch: Partial<TourStop>) => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(() => write(patch), 400);
  };
  return (
    <div className="tour-editor">
      <label className="field">
        {t('tour.title')}
        <input
          value={title}
          maxLength={120}
          onChange={(e) => {
            setTitle(e.target.value);
            later({ [keys.title]: e.target.value });
          }}
          onBlur={(e) => write({ [keys.title]: e.target.value })}
          data-testid="tour-title"
        />
      </label>
      <label className="field">
        {t('tour.caption')}
        <textarea
          value={caption}
          maxLength={600}
          rows={3}
          onChange={(e) => {
            setCaption(e.target.value);
            later({ [keys.caption]: e.target.value });
          }}
          onBlur={(e) => write({ [keys.caption]: e.target.value })}
          data-testid="tour-caption"
        />
      </label>
    </div>
  );
}
