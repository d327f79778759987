import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// only what the four charts use: keeps the admin bundle small (echarts in full is ~1 MB)
echarts.use([LineChart, BarChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** One echarts chart, drawn in SVG (its labels are page text: decision 0140); the option is applied as a whole on each change, and the chart follows its box's size. */
export function Chart({ option, height = 280, testId, label }: { option: ChartOption; height?: number; testId: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(box.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
    box.current?.setAttribute('data-rendered', 'true');
  }, [option]);

  return <div ref={box} className="stats-chart" style={{ height }} data-testid={testId} role="img" aria-label={label} />;
}
