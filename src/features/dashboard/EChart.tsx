import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts the dashboard draws: bar charts (stacked, grouped, horizontal), drawn as SVG (sharp on a projector
// and in print, and readable by the browser tests), with decal patterns so the series read in greyscale.
use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, SVGRenderer]);

/** Options every chart shares: the app's font, decal patterns for greyscale, no animation (figures change with the date). */
export const BASE_OPTION = {
  animation: false,
  textStyle: { fontFamily: '"WenQuanYi Micro Hei", "Microsoft YaHei", system-ui, sans-serif', fontSize: 11 },
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
}: {
  option: EChartsCoreOption;
  onItem: (seriesIndex: number, dataIndex: number) => void;
  label: string;
  height: number;
  testId: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  const onItemRef = useRef(onItem);
  onItemRef.current = onItem;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = init(el, null, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => {
      if (typeof p.seriesIndex === 'number' && typeof p.dataIndex === 'number') onItemRef.current(p.seriesIndex, p.dataIndex);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ ...BASE_OPTION, ...option }, true);
  }, [option]);
  return <div ref={ref} className="echart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
