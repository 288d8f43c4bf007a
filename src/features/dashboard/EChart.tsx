import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, type EChartsType, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts the dashboard draws: bar charts (stacked, grouped, horizontal), drawn as SVG (sharp on a projector
// and in print, and readable by the browser tests), with decal patterns so the series read in greyscale.
use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, SVGRenderer]);

/** Options every chart shares: the app's font, decal patterns for greyscale, no animation (figures change with the date). */
export const BASE_OPTION = {
  animation: false,
  // unquoted names: ECharts writes the family into an SVG style attribute without escaping quotes (the exported SVG
  // would not be well-formed)
  textStyle: { fontFamily: 'WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, system-ui, sans-serif', fontSize: 11 },
  aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
  tooltip: { trigger: 'item', confine: true },
} as const;

/**
 * One ECharts chart. `onItem(seriesIndex, dataIndex)` is called when a bar is clicked. The chart is an image to
 * assistive technology (`label` says what it shows); the data table beside it is its text alternative and its
 * keyboard path.
 */
export function EChart({
  option,
  onItem,
  label,
  height,
  testId,
  instance,
}: {
  option: EChartsCoreOption;
  onItem: (seriesIndex: number, dataIndex: number) => void;
  label: string;
  height: number;
  testId: string;
  /** set to the chart while it is shown (for its export) */
  instance?: { current: EChartsType | null };
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const onItemRef = useRef(onItem);
  onItemRef.current = onItem;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = init(el, null, { renderer: 'svg' });
    chart.current = c;
    if (instance) instance.current = c;
    c.on('click', (p) => {
      if (typeof p.seriesIndex === 'number' && typeof p.dataIndex === 'number') onItemRef.current(p.seriesIndex, p.dataIndex);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
      if (instance) instance.current = null;
    };
  }, [instance]);
  useEffect(() => {
    chart.current?.setOption({ ...BASE_OPTION, ...option }, true);
  }, [option]);
  return <div ref={ref} className="echart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}

/** The chart as an SVG file (the SVG renderer's own text). */
export function chartSvg(c: EChartsType): Blob {
  return new Blob([c.renderToSVGString()], { type: 'image/svg+xml' });
}

/** The chart as a PNG at twice its size on white (its SVG drawn on a canvas). */
export async function chartPng(c: EChartsType): Promise<Blob> {
  const svg = chartSvg(c);
  const url = URL.createObjectURL(svg);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = c.getWidth() * scale;
    canvas.height = c.getHeight() * scale;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
