import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { type KeyFigure, parcelFigures, zoneFigures } from '../../state/keyFigures';
import { useAppStore } from '../../state/react';
import { stopText } from '../../state/tour/tourFile';
import { currentTour } from '../../state/tour/tourStore';
import { MapLegend } from '../workspace/MapLegend';
import { useMapController } from '../workspace/mapHandle';
import { figureText } from './figureText';
import { useTourStore, useTourStoreApi } from './tourContext';
import './presentation.css';

/** Keys that go forward and back: arrows, space, and the PageDown / PageUp that presentation clickers send. */
const NEXT_KEYS = new Set(['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter']);
const PREV_KEYS = new Set(['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace']);
/** A flight between stops; the first, while the screen changes to the presentation, is shorter. */
const FLIGHT_MS = 2200;
/** A horizontal swipe of at least this many px (and mostly horizontal), within SWIPE_MS, turns the page. */
const SWIPE_PX = 70;
const SWIPE_MS = 700;

/**
 * Labels' scale for the screen: about 3 % of the screen's height for a zone's label, as slides are set for a room
 * (larger on a large screen, never below 1.5 times the workspace's).
 */
export const labelScaleFor = (heightPx: number): number => Math.max(1.5, Math.min(3, heightPx / 460));

/** The presentation over the whole screen, while a stop is presented. */
export function Presentation() {
  const presenting = useTourStore((s) => s.presenting);
  // outside the workspace's layout, which the presentation hides
  return presenting == null ? null : createPortal(<PresentationView index={presenting} />, document.body);
}

function PresentationView({ index }: { index: number }) {
  const { t } = useTranslation();
  const tourApi = useTourStoreApi();
  const tour = useTourStore(currentTour);
  const data = useAppStore((s) => s.data);
  const lang = useAppStore((s) => s.lang);
  const ctrl = useMapController();
  const top = useRef<HTMLDivElement>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const side = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLElement>(null);
  const first = useRef(true);
  const n = tour.stops.length;
  const stop = tour.stops[index];

  const go = useCallback((i: number) => tourApi.getState().present(i), [tourApi]);
  const end = useCallback(() => tourApi.getState().endPresentation(), [tourApi]);

  /** What lies over the map: the title above, the figures below, the legend at the right. */
  const padding = useCallback(() => {
    const h = window.innerHeight;
    const w = window.innerWidth;
    const topPx = (top.current?.getBoundingClientRect().bottom ?? 0) + 16;
    const bottomPx = h - (bottom.current?.getBoundingClientRect().top ?? h) + 16;
    const sideBox = side.current?.getBoundingClientRect();
    const rightPx = sideBox && sideBox.width > 0 ? w - sideBox.left + 16 : 32;
    return { top: Math.round(topPx), bottom: Math.round(bottomPx), left: 32, right: Math.round(rightPx) };
  }, []);

  // the screen: panels hidden (before the first flight is laid out, so it is fitted to the whole screen)
  useLayoutEffect(() => {
    document.documentElement.classList.add('presenting');
    return () => document.documentElement.classList.remove('presenting');
  }, []);
  // full screen, and the projector's theme with labels scaled for it
  useEffect(() => {
    const html = document.documentElement;
    let entered = false;
    const onFullscreen = () => {
      if (document.fullscreenElement) entered = true;
      else if (entered) end();
    };
    document.addEventListener('fullscreenchange', onFullscreen);
    html.requestFullscreen?.({ navigationUI: 'hide' }).catch(() => {
      // refused (no user gesture, an embedding page): the presentation fills the window instead
    });
    root.current?.focus();
    return () => {
      document.removeEventListener('fullscreenchange', onFullscreen);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    };
  }, [end]);

  useEffect(() => {
    if (!ctrl) return;
    const apply = () => void ctrl.setTheme({ theme: 'projector', labelScale: labelScaleFor(window.innerHeight) });
    apply();
    window.addEventListener('resize', apply);
    return () => {
      window.removeEventListener('resize', apply);
      void ctrl.setTheme({ theme: 'default', labelScale: 1 });
    };
  }, [ctrl]);

  // each stop: its view, and a flight to it once the title and figures are laid out (their size is the padding)
  const stopKey = stop ? JSON.stringify(stop) : '';
  useLayoutEffect(() => {
    if (!stopKey) return;
    // the map takes the whole screen now: it is told before the first flight is fitted to it
    if (first.current) ctrl?.resize();
    tourApi.getState().showStop({ padding: padding(), durationMs: first.current ? 800 : FLIGHT_MS });
    first.current = false;
  }, [stopKey, tourApi, padding, ctrl]);

  // keys (before the map's and the workspace's own: capture), and swipes on a touch screen
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('button') && (e.key === ' ' || e.key === 'Enter')) return;
      let next: number | null = null;
      if (NEXT_KEYS.has(e.key)) next = index + 1;
      else if (PREV_KEYS.has(e.key)) next = index - 1;
      else if (e.key === 'Home') next = 0;
      else if (e.key === 'End') next = n - 1;
      else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopImmediatePropagation();
        end();
        return;
      } else return;
      e.preventDefault();
      e.stopImmediatePropagation();
      go(Math.max(0, Math.min(n - 1, next)));
    };
    let start: { x: number; y: number; at: number } | null = null;
    const onDown = (e: PointerEvent) => {
      // the events' own times (when the finger moved), not the handler's: a busy page (a flight drawing) must not turn a
      // quick swipe into a slow one
      start = e.pointerType === 'touch' && e.isPrimary ? { x: e.clientX, y: e.clientY, at: e.timeStamp } : null;
    };
    const onUp = (e: PointerEvent) => {
      if (!start || e.pointerType !== 'touch') return;
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      const quick = e.timeStamp - start.at < SWIPE_MS;
      start = null;
      if (quick && Math.abs(dx) >= SWIPE_PX && Math.abs(dy) < Math.abs(dx) * 0.6) go(Math.max(0, Math.min(n - 1, index + (dx < 0 ? 1 : -1))));
    };
    window.addEventListener('keydown', onKey, { capture: true });
    window.addEventListener('pointerdown', onDown, { capture: true });
    window.addEventListener('pointerup', onUp, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      window.removeEventListener('pointerdown', onDown, { capture: true });
      window.removeEventListener('pointerup', onUp, { capture: true });
    };
  }, [index, n, go, end]);

  if (!stop) return null;
  const text = stopText(stop, lang);
  const zone = data?.zones.find((z) => z.id === stop.zone);
  const figures: KeyFigure[] =
    (data && stop.kind === 'parcel' && stop.parcel ? parcelFigures(data, stop.parcel) : null) ?? (data ? zoneFigures(data, zone?.id ?? null) : null) ?? [];
  const parcelRow = data && stop.parcel ? data.table.text.id.indexOf(stop.parcel) : -1;
  const subtitle =
    parcelRow >= 0 && data
      ? [stop.parcel, data.table.text.enterprise[parcelRow], zone ? (lang === 'zh' ? zone.name : zone.nameEn) : ''].filter(Boolean).join(' · ')
      : zone
        ? t('present.zoneFigures')
        : t('present.cityFigures');
  const tourTitle = (lang === 'en' ? tour.titleEn || tour.title : tour.title) || t('tour.untitled');
  const m = data?.manifest;

  return (
    <section
      className="presentation"
      ref={root}
      tabIndex={-1}
      aria-roledescription={t('present.roleDescription')}
      aria-label={tourTitle}
      data-testid="presentation"
      data-stop={stop.id}
      data-index={index}
    >
      <div className="pres-top" ref={top}>
        <h1 className="pres-title" aria-live="polite">
          {text.title}
        </h1>
        {text.caption && <p className="pres-caption">{text.caption}</p>}
      </div>
      <div className="pres-side" ref={side}>
        <MapLegend />
      </div>
      <div className="pres-bottom" ref={bottom}>
        <p className="pres-subtitle">{subtitle}</p>
        <dl className="pres-figures" data-testid="presentation-figures">
          {figures.map((f) => {
            const ft = figureText(f, lang, t);
            return (
              <div key={f.id} className="pres-figure" data-figure={f.id}>
                <dt>{ft.label}</dt>
                <dd>
                  <span className="pres-value">{ft.value}</span>
                  {ft.unit && <span className="pres-unit">{ft.unit}</span>}
                  {ft.target && (
                    <span className={ft.met == null ? 'pres-target' : ft.met ? 'pres-target met' : 'pres-target unmet'} title={ft.source ?? undefined}>
                      {ft.target}
                      {ft.met != null && ` · ${t(ft.met ? 'figure.met' : 'figure.unmet')}`}
                    </span>
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
        <div className="pres-nav">
          <span className="pres-tour">
            {tourTitle}
            {m && (
              <span className="pres-credits">
                {[m.illustrative ? t('app.illustrative') : '', `${t('app.asOf')} ${data?.asOfDate ?? ''}`, ...m.credits].filter(Boolean).join(' · ')}
              </span>
            )}
          </span>
          <button type="button" onClick={() => go(index - 1)} disabled={index === 0} aria-label={t('present.previous')} data-testid="pres-prev">
            ‹
          </button>
          <span className="pres-count" data-testid="pres-count">
            {t('present.count', { index: index + 1, count: n })}
          </span>
          <button type="button" onClick={() => go(index + 1)} disabled={index === n - 1} aria-label={t('present.next')} data-testid="pres-next">
            ›
          </button>
          <button type="button" onClick={end} data-testid="pres-exit">
            {t('present.exit')}
          </button>
        </div>
        <progress className="pres-progress" max={n} value={index + 1} aria-label={t('present.progress')} />
      </div>
    </section>
  );
}
