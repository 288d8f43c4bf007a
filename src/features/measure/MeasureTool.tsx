import type { Position } from 'geojson';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { haFromM2, muFromM2 } from '../../domain/units';
import { centralMeridianOf } from '../../geo/gaussKruger';
import { type LngLat, pathLengthM, perimeterM, polygonAreaM2 } from '../../geo/measure';
import { fmt } from '../../i18n/format';
import { useAppStore, useAppStoreApi } from '../../state/react';
import { useMapController } from '../workspace/mapHandle';
import './measure.css';

type Mode = 'distance' | 'area';
/** A click within this many px of a parcel's vertex takes the vertex itself (its exact coordinates). */
const SNAP_PX = 12;

/**
 * The measure tool: points clicked on the map (or put at the map's centre with Enter, the map panned with the arrow
 * keys), as a distance on the ellipsoid or an area in the cadastral plane (geo/measure.ts), in m / km and m² / 亩 /
 * 公顷, with the method stated. Clicks near a parcel's vertex snap to it, from the parcel's own geometry (the
 * analysis', not the map's drawn tiles), so a parcel measured along its vertices gives its cadastral area.
 */
export function MeasureTool({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const ctrl = useMapController();
  const { client } = useAppStoreApi();
  const lang = useAppStore((s) => s.lang);
  const [mode, setMode] = useState<Mode>('distance');
  const [points, setPoints] = useState<LngLat[]>([]);
  const rings = useRef(new Map<string, Position[][]>());
  const panel = useRef<HTMLElement>(null);
  const crosshair = useRef<HTMLDivElement>(null);

  // the crosshair on the map's centre, where Enter adds a point
  useEffect(() => {
    if (!ctrl) return;
    const place = () => {
      const r = ctrl.container().getBoundingClientRect();
      crosshair.current?.style.setProperty('--measure-x', `${r.left + r.width / 2}px`);
      crosshair.current?.style.setProperty('--measure-y', `${r.top + r.height / 2}px`);
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [ctrl]);

  /** The point to add for a click: the nearest vertex of a parcel near it, else where it was. */
  const snapped = useCallback(
    async (lngLat: LngLat, at: [number, number]): Promise<LngLat> => {
      if (!ctrl) return lngLat;
      const ids = ctrl.parcelIdsNear(at, SNAP_PX).slice(0, 20);
      const missing = ids.filter((id) => !rings.current.has(id));
      if (missing.length) {
        const results = await client.results(missing, true);
        results.forEach((r, i) => {
          const g = r?.geometry;
          if (g) rings.current.set(missing[i] as string, g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());
        });
      }
      let best: LngLat = lngLat;
      let bestD = SNAP_PX;
      for (const id of ids)
        for (const ring of rings.current.get(id) ?? [])
          for (const v of ring) {
            const [x, y] = ctrl.project([v[0] as number, v[1] as number]);
            const d = Math.hypot(x - at[0], y - at[1]);
            if (d < bestD) {
              bestD = d;
              best = [v[0] as number, v[1] as number];
            }
          }
      return best;
    },
    [ctrl, client],
  );

  /**
   * Clicks are added in the order they were made: each waits for the one before (a click whose parcels must first be
   * fetched would otherwise land after a quicker later one, and the polygon would cross itself).
   */
  const queue = useRef<Promise<void>>(Promise.resolve());
  const add = useCallback(
    (lngLat: LngLat, at: [number, number]) => {
      queue.current = queue.current.then(async () => {
        const p = await snapped(lngLat, at).catch(() => lngLat);
        setPoints((ps) => {
          const last = ps[ps.length - 1];
          return last && last[0] === p[0] && last[1] === p[1] ? ps : [...ps, p];
        });
      });
      return queue.current;
    },
    [snapped],
  );
  const addAtCentre = useCallback(() => {
    if (!ctrl) return;
    const c = ctrl.centre();
    void add(c, ctrl.project(c));
  }, [ctrl, add]);

  useEffect(() => {
    if (!ctrl) return;
    ctrl.setMeasure({ points, closed: mode === 'area', onClick: (ll, pt) => void add(ll, pt) });
  }, [ctrl, points, mode, add]);
  useEffect(() => () => ctrl?.setMeasure(null), [ctrl]);

  // keys while the tool is open: Enter adds the map's centre, Backspace takes the last point back, Escape closes
  useEffect(() => {
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) return;
      const onMapOrTool = !el || el === document.body || el.classList.contains('maplibregl-canvas') || panel.current?.contains(el);
      if (!onMapOrTool) return;
      if ((e.key === 'Enter' || e.key === '+') && !el?.closest('button')) addAtCentre();
      else if (e.key === 'Backspace' || e.key === 'Delete') setPoints((ps) => ps.slice(0, -1));
      else if (e.key === 'Escape') onClose();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [addAtCentre, onClose]);

  const lengthM = mode === 'distance' ? pathLengthM(points) : perimeterM(points);
  const areaM2 = mode === 'area' ? polygonAreaM2(points) : 0;
  const cm = points[0] ? centralMeridianOf(points[0][0]) : null;
  const length = lengthM >= 1000 ? `${fmt(lang, lengthM / 1000, 3)} ${t('unit.km')}` : `${fmt(lang, lengthM, 1)} ${t('unit.m')}`;

  return createPortal(
    <>
      <div className="measure-crosshair" ref={crosshair} aria-hidden="true" />
      <section className="measure-panel" ref={panel} tabIndex={-1} aria-labelledby="measure-h" data-testid="measure">
        <h2 id="measure-h">{t('measureTool.heading')}</h2>
        <fieldset className="measure-mode">
          <legend className="visually-hidden">{t('measureTool.mode')}</legend>
          {(['distance', 'area'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="measure-mode" checked={mode === m} onChange={() => setMode(m)} data-testid={`measure-${m}`} />
              {t(`measureTool.modes.${m}`)}
            </label>
          ))}
        </fieldset>
        <p className="measure-help">{t('measureTool.help')}</p>
        <output
          className="measure-result"
          data-testid="measure-result"
          data-length-m={lengthM}
          data-area-m2={areaM2}
          data-points={points.length}
          aria-live="polite"
        >
          {mode === 'distance' ? (
            <span className="measure-figure">{points.length >= 2 ? length : t('measureTool.needPoints', { count: 2 })}</span>
          ) : points.length >= 3 ? (
            <>
              <span className="measure-figure">
                {fmt(lang, areaM2, 1)} {t('unit.m2')}
              </span>
              <span>
                {fmt(lang, muFromM2(areaM2), 2)} {t('unit.mu')} · {fmt(lang, haFromM2(areaM2), 4)} {t('unit.ha')}
              </span>
              <span>{t('measureTool.perimeter', { length })}</span>
            </>
          ) : (
            <span className="measure-figure">{t('measureTool.needPoints', { count: 3 })}</span>
          )}
        </output>
        <p className="measure-method">{mode === 'distance' ? t('measureTool.distanceMethod') : t('measureTool.areaMethod', { cm: cm ?? '—' })}</p>
        <div className="measure-actions">
          <button type="button" onClick={addAtCentre} data-testid="measure-add-centre">
            {t('measureTool.addCentre')}
          </button>
          <button type="button" disabled={points.length === 0} onClick={() => setPoints((ps) => ps.slice(0, -1))} data-testid="measure-undo">
            {t('measureTool.undo')}
          </button>
          <button type="button" disabled={points.length === 0} onClick={() => setPoints([])} data-testid="measure-clear">
            {t('measureTool.clear')}
          </button>
          <button type="button" onClick={onClose} data-testid="measure-close">
            {t('app.close')}
          </button>
        </div>
      </section>
    </>,
    document.body,
  );
}
