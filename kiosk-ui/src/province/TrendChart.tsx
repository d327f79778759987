import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useI18n } from '../i18n';
import { dmy } from './range';
import type { ProvinceReport } from '@onestop/shared';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** Ratings per day (bars) and the province's satisfaction per day (line), tree-shaken echarts drawn as SVG. */
export function TrendChart({ trend }: { trend: ProvinceReport['trend'] }) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t.province.trendRatings, t.province.trendSatisfaction] },
      grid: { left: 50, right: 50, top: 56, bottom: 30 },
      xAxis: { type: 'category', data: trend.map((d) => dmy(d.day).slice(0, 5)) },
      yAxis: [
        { type: 'value', name: t.province.trendRatings },
        { type: 'value', name: '%', min: 0, max: 100 },
      ],
      series: [
        { name: t.province.trendRatings, type: 'bar', data: trend.map((d) => d.total), itemStyle: { color: '#9ab8d8' } },
        { name: t.province.trendSatisfaction, type: 'line', yAxisIndex: 1, connectNulls: false, data: trend.map((d) => (d.satisfaction === null ? null : Math.round(d.satisfaction * 1000) / 10)), itemStyle: { color: '#1d7a3a' } },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [trend, t]);
  return <div ref={el} className="prov-chart" data-testid="trend-chart" />;
}
