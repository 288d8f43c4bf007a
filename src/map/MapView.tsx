import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../app/store';
import { MapController, type MapLabel } from './MapController';
import { parcelMinZoomFor } from './style';

declare global {
  interface Window {
    /** Read-only handles for the end-to-end tests and benchmarks (no test doubles: the real map). */
    __parkatlas?: { map: MapController; project(lngLat: [number, number]): [number, number]; rowIds(): string[] };
  }
}

/** The map element and the one hook that keeps the map controller in step with the store. */
export function MapView() {
  const el = useRef<HTMLDivElement>(null);
  const ctrl = useRef<MapController | null>(null);
  const { t } = useTranslation();
  const data = useStore((s) => s.data);
  const metric = useStore((s) => s.metric);
  const classes = useStore((s) => s.classes);
  const filters = useStore((s) => s.filters);
  const visibility = useStore((s) => s.visibility);
  const selectedId = useStore((s) => s.selectedId);
  const flyTo = useStore((s) => s.flyTo);
  const lang = useStore((s) => s.lang);

  useEffect(() => {
    if (!el.current) return;
    const s = useStore.getState();
    const c = new MapController(
      el.current,
      { metric: s.metric, classes: s.classes, visibility: s.visibility, camera: s.camera, credits: [] },
      {
        onSelect: (id) => useStore.getState().select(id, 'map'),
        onMove: (camera) => useStore.getState().setCamera(camera),
      },
    );
    ctrl.current = c;
    window.__parkatlas = {
      map: c,
      rowIds: () => {
        const st = useStore.getState();
        return st.data ? Array.from(st.rows, (i) => st.data?.table.text.id[i] as string) : [];
      },
      project: (ll) => {
        const p = c.map.project(ll);
        return [p.x, p.y];
      },
    };
    return () => {
      c.destroy();
      ctrl.current = null;
    };
  }, []);

  useEffect(() => {
    const c = ctrl.current;
    if (!c || !data) return;
    void c.whenLoaded().then(() => c.setParcelMinZoom(parcelMinZoomFor(data.table.length)));
    void c.setData(data.layerUrls);
    const s = useStore.getState();
    const zoneBbox = data.zones.find((z) => z.id === s.filters.zone)?.bbox;
    const bbox = zoneBbox ?? data.bbox;
    if (!s.camera && bbox) c.fitBounds(bbox, { animate: false });
  }, [data]);

  useEffect(() => {
    const c = ctrl.current;
    if (!c || !data) return;
    const labels: MapLabel[] = data.zones.flatMap((z) =>
      z.labels.map((l) => ({ kind: l.kind, lngLat: l.lngLat, text: l.kind === 'zone' ? (lang === 'zh' ? z.name : z.nameEn) : t(`functionalArea.${l.kind}`) })),
    );
    c.setLabels(labels);
    c.setVisibility(useStore.getState().visibility);
  }, [data, lang, t]);

  useEffect(() => {
    void ctrl.current?.whenLoaded().then(() => ctrl.current?.setChoropleth(metric, classes));
  }, [metric, classes]);
  useEffect(() => {
    void ctrl.current?.whenLoaded().then(() => ctrl.current?.setFilters(filters));
  }, [filters]);
  useEffect(() => {
    void ctrl.current?.whenLoaded().then(() => ctrl.current?.setVisibility(visibility));
  }, [visibility]);
  useEffect(() => {
    void ctrl.current?.whenLoaded().then(() => ctrl.current?.select(selectedId));
  }, [selectedId]);
  useEffect(() => {
    if (flyTo) ctrl.current?.fitBounds(flyTo.bbox, { maxZoom: flyTo.maxZoom });
  }, [flyTo]);

  return <div ref={el} className="map" role="application" aria-label={t('app.title')} data-testid="map" />;
}
