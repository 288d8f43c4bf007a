import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { creditsIn } from '../../data/credits';
import { GRADES } from '../../domain/grades';
import { STAGES } from '../../domain/stages';
import { IDLE_STATUSES, NONE } from '../../engine/parcelTable';
import { parcelMinZoomFor } from '../../engine/tileFeatures';
import type { Bbox } from '../../geo/bbox';
import { fmt } from '../../i18n/format';
import { i18next } from '../../i18n/index';
import { MapController, type MapLabel, prepareMapWorkers, serveLayers, serveWorkerTiles } from '../../map/MapController';
import { METRIC_DIGITS } from '../../state/legend';
import { useAppStore, useAppStoreApi } from '../../state/react';
import type { AppState } from '../../state/store';
import { setMapController } from './mapHandle';
import { NARROW_MAX_PX } from './useNarrowScreen';

declare global {
  interface Window {
    /** Read-only handles for the end-to-end tests and benchmarks (no test doubles: the real map). */
    __parkatlas?: {
      map: MapController;
      project(lngLat: [number, number]): [number, number];
      /** the ids of the rows that pass the filters, in table order (the map's) */
      rowIds(): string[];
      /** the same in the table's sort order */
      tableIds(): string[];
    };
  }
}

/** The map element and the one hook that keeps the map controller in step with the store. */
export function MapView() {
  const el = useRef<HTMLDivElement>(null);
  const { api, client, commands } = useAppStoreApi();
  const [ctrl, setCtrl] = useState<MapController | null>(null);
  const { t } = useTranslation();
  const data = useAppStore((s) => s.data);
  const mapLayers = useAppStore((s) => s.mapLayers);
  /** the camera was fitted to the data once (to the zones, before the parcels are analysed, or with the results) */
  const fitted = useRef(false);
  const metric = useAppStore((s) => s.metric);
  const theme = useAppStore((s) => s.theme);
  const classes = useAppStore((s) => s.classes);
  const zone = useAppStore((s) => s.filters.zone);
  const rows = useAppStore((s) => s.rows);
  const visibility = useAppStore((s) => s.visibility);
  const selectedId = useAppStore((s) => s.selectedId);
  const lang = useAppStore((s) => s.lang);
  const reviewMarks = useAppStore((s) => s.review.marks);

  useEffect(() => {
    let cancelled = false;
    let c: MapController | null = null;
    serveWorkerTiles((z, x, y) => client.tile(z, x, y));
    void prepareMapWorkers().then(() => {
      if (cancelled || !el.current) return;
      const s = api.getState();
      c = new MapController(
        el.current,
        {
          metric: s.metric,
          theme: s.theme,
          classes: s.classes,
          visibility: s.visibility,
          camera: s.camera,
          credits: [],
          locale: {
            'NavigationControl.ZoomIn': i18next.t('app.zoomIn'),
            'NavigationControl.ZoomOut': i18next.t('app.zoomOut'),
            'AttributionControl.ToggleAttribution': i18next.t('app.attribution'),
            'ScaleControl.Kilometers': i18next.t('unit.km'),
            'ScaleControl.Meters': i18next.t('unit.m'),
          },
        },
        {
          onSelect: (id) => api.getState().select(id, 'map'),
          onMove: (camera) => api.getState().setCamera(camera),
          describe: (id) => describeParcel(api.getState(), id),
        },
      );
      const created = c;
      setCtrl(created);
      setMapController(created);
      window.__parkatlas = {
        map: created,
        rowIds: () => {
          const st = api.getState();
          return st.data ? Array.from(st.rows, (i) => st.data?.table.text.id[i] as string) : [];
        },
        tableIds: () => {
          const st = api.getState();
          return st.data ? Array.from(st.sortedRows, (i) => st.data?.table.text.id[i] as string) : [];
        },
        project: (ll) => {
          const p = created.map.project(ll);
          return [p.x, p.y];
        },
      };
    });
    return () => {
      cancelled = true;
      setMapController(null);
      c?.destroy();
      setCtrl(null);
    };
  }, [client.tile, api.getState]);

  // the zones, areas and constraints are drawn while the parcels are analysed
  useEffect(() => {
    const c = ctrl;
    if (!c || !mapLayers) return;
    void c.setData(serveLayers(mapLayers.layers));
    fitOnce(api.getState(), c, fitted, mapLayers.zones, mapLayers.bbox);
  }, [mapLayers, ctrl, api.getState]);

  useEffect(() => {
    const c = ctrl;
    if (!c || !data) return;
    const minzoom = parcelMinZoomFor(data.table.length);
    void c.whenLoaded().then(() => {
      const st = api.getState();
      if (data.parcelTiles)
        c.drawParcelsFromTiles(
          data.parcelTiles,
          { metric: st.metric, theme: st.theme, classes: st.classes, visibility: st.visibility, parcelMinZoom: minzoom },
          st.filters.zone,
        );
      else c.setParcelMinZoom(minzoom);
    });
    // the other layers came before the results (mapLayers), unless the worker sent none; with tiles, no parcels layer
    const parcels = data.parcelTiles ? undefined : data.layers.parcels;
    void c.setData(serveLayers(api.getState().mapLayers ? { parcels } : { ...data.layers, parcels }));
    // once this first view is drawn, the worker makes a large dataset's parcels ready to be sliced into tiles (see prepareTiles)
    void c.whenIdle().then(() => client.prepareTiles());
    fitOnce(api.getState(), c, fitted, data.zones, data.bbox);
  }, [data, ctrl, client.prepareTiles, api.getState]);

  useEffect(() => {
    const c = ctrl;
    const zones = mapLayers?.zones ?? data?.zones;
    if (!c || !zones) return;
    const labels: MapLabel[] = zones.flatMap((z) =>
      z.labels.map((l) => ({ ...l, text: l.kind === 'zone' ? (lang === 'zh' ? z.name : z.nameEn) : t(`functionalArea.${l.kind}`) })),
    );
    void c.setLabels(labels);
    c.setVisibility(api.getState().visibility);
  }, [mapLayers, data, lang, t, ctrl, api.getState]);

  // the data's credits in the map's attribution; the controls' titles in the language shown
  const manifest = data?.manifest;
  const credits = useMemo(() => (manifest ? creditsIn(manifest, lang) : null), [manifest, lang]);
  useEffect(() => {
    if (!ctrl) return;
    if (credits) ctrl.setCredits(credits);
    ctrl.setControlTitles({ zoomIn: t('app.zoomIn'), zoomOut: t('app.zoomOut'), attribution: t('app.attribution') });
  }, [ctrl, credits, t]);

  useEffect(() => {
    void ctrl?.whenLoaded().then(() => ctrl?.setChoropleth(metric, classes, theme));
  }, [metric, classes, theme, ctrl]);
  useEffect(() => {
    void ctrl?.whenLoaded().then(() => ctrl?.setZoneFilter(zone));
  }, [zone, ctrl]);
  useEffect(() => {
    const table = data?.table;
    if (table) void ctrl?.whenLoaded().then(() => ctrl?.setParcelRows(table.text.id, table.bbox, rows));
  }, [rows, data, ctrl]);
  useEffect(() => {
    void ctrl?.whenLoaded().then(() => ctrl?.setVisibility(visibility));
  }, [visibility, ctrl]);
  useEffect(() => {
    const table = data?.table;
    if (table && reviewMarks) void ctrl?.whenLoaded().then(() => ctrl?.setReviewMarks(table.text.id, reviewMarks.mark));
  }, [reviewMarks, data, ctrl]);
  useEffect(() => {
    void ctrl?.whenLoaded().then(() => ctrl?.select(selectedId));
  }, [selectedId, ctrl]);
  useEffect(
    () =>
      commands.on((cmd) => {
        if (cmd.kind === 'camera') {
          ctrl?.jumpTo(cmd.camera);
          return;
        }
        // parcel tiles the worker slices: it slices those of the destination during the flight, not after it (a
        // dataset it does not slice has none to prepare)
        void client.prepareTilesIn(cmd.bbox);
        // on a phone the inspector is a sheet over the lower half of the map: the parcel goes in the upper half
        const sheet = narrowScreen() && api.getState().selectedId != null;
        ctrl?.fitBounds(cmd.bbox, {
          maxZoom: cmd.maxZoom,
          bottomPx: sheet ? Math.round((el.current?.clientHeight ?? 0) / 2) : 0,
          padding: cmd.padding,
          durationMs: cmd.durationMs,
        });
      }),
    [commands, client, ctrl, api.getState],
  );

  return <div ref={el} className="map" role="application" aria-label={t('ui.mapLabel')} data-testid="map" />;
}

const narrowScreen = () => window.matchMedia(`(max-width: ${NARROW_MAX_PX}px)`).matches;

/** A parcel's tooltip: its id and name, and the value of the metric the map is coloured by. */
function describeParcel(s: AppState, id: string): string[] {
  const table = s.data?.table;
  const row = table ? table.text.id.indexOf(id) : -1;
  if (!table || row < 0) return [id];
  const t = i18next.t.bind(i18next);
  const name = table.text.name[row] || table.text.enterprise[row] || '';
  const title = name ? `${id} · ${name}` : id;
  if (s.theme === 'stage') return [title, `${t('column.stage')}: ${t(`stage.${STAGES[table.stage[row] as number]}`)}`];
  if (s.theme === 'grade') {
    const g = table.gradeCity[row] as number;
    return [title, `${t('column.gradeCity')}: ${g === NONE ? t('ui.ungradedShort') : GRADES[g]}`];
  }
  const v = table.numeric[s.metric][row] as number;
  const value =
    s.metric === 'idleYears' && Number.isNaN(v) ? t(`idleStatus.${IDLE_STATUSES[table.idleStatus[row] as number]}`) : fmt(s.lang, v, METRIC_DIGITS[s.metric]);
  return [title, `${t(`metricName.${s.metric}`)}: ${value}`];
}

/** Fits the camera to the zone in scope, else to the data, unless the URL gave a camera or it was fitted already. */
function fitOnce(s: AppState, c: MapController, fitted: { current: boolean }, zones: readonly { id: string; bbox: Bbox }[], all: Bbox | null): void {
  const bbox = zones.find((z) => z.id === s.filters.zone)?.bbox ?? all;
  if (fitted.current || s.camera || !bbox) return;
  c.fitBounds(bbox, { animate: false });
  fitted.current = true;
}
