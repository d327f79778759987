import type { Messages } from '../../i18n';
import type { ChartOption } from './Chart';
import type { PeriodStats } from '@onestop/shared';

const GREEN = '#1b7f3b';
const LIGHT_GREEN = '#7cc48f';
const RED = '#c0392b';
const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const ddmm = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

/** Ratings per day (bars) and the day's satisfaction (line). */
export function trendOption(s: PeriodStats, t: Messages): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { data: [t.stats.charts.trendRatings, t.stats.charts.trendRate], bottom: 0 },
    grid: { left: 48, right: 48, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: s.trend.map((d) => ddmm(d.day)) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: t.stats.charts.trendRatings, type: 'bar', data: s.trend.map((d) => d.ratings.total), itemStyle: { color: '#5b8def' } },
      { name: t.stats.charts.trendRate, type: 'line', yAxisIndex: 1, connectNulls: true, data: s.trend.map((d) => pct(d.ratings.satisfactionRate)), itemStyle: { color: GREEN } },
    ],
  };
}

/** How many ratings at each score, 1 to 5, coloured from red to green. */
export function distributionOption(s: PeriodStats, t: Messages): ChartOption {
  const colors = [RED, '#e67e22', '#f1c40f', LIGHT_GREEN, GREEN];
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: t.stats.charts.scores },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: (['1', '2', '3', '4', '5'] as const).map((k, i) => ({ value: s.ratings.byScore[k], itemStyle: { color: colors[i] } })) }],
  };
}

/** Counters side by side, each bar stacked by the three report levels. */
export function countersOption(s: PeriodStats, t: Messages): ChartOption {
  const rows = s.breakdown.counter;
  const l = t.stats.level3;
  const series = (name: string, color: string, pick: (r: (typeof rows)[number]) => number) => ({ name, type: 'bar', stack: 'all', data: rows.map(pick), itemStyle: { color } });
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: [l.verySatisfied, l.satisfied, l.notSatisfied], bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: rows.map((r) => r.label || t.stats.unknown.counter) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      series(l.verySatisfied, GREEN, (r) => r.ratings.level3.verySatisfied),
      series(l.satisfied, LIGHT_GREEN, (r) => r.ratings.level3.satisfied),
      series(l.notSatisfied, RED, (r) => r.ratings.level3.notSatisfied),
    ],
  };
}

/** Satisfaction by hour (columns) × weekday (rows, Monday first): when do ratings drop? */
export function heatOption(s: PeriodStats, t: Messages): ChartOption {
  const hours = s.heat.length ? Array.from({ length: Math.max(...s.heat.map((c) => c.hour)) - Math.min(...s.heat.map((c) => c.hour)) + 1 }, (_, i) => i + Math.min(...s.heat.map((c) => c.hour))) : [];
  const order = [1, 2, 3, 4, 5, 6, 0];
  return {
    animation: false,
    tooltip: {
      formatter: (p: { data: [number, number, number | null, number] }) =>
        `${t.stats.charts.weekdays[order[p.data[1]]!]} ${t.stats.charts.hour(hours[p.data[0]]!)}: ${p.data[2] ?? '–'}% (${p.data[3]})`,
    },
    grid: { left: 48, right: 16, top: 8, bottom: 90 },
    xAxis: { type: 'category', data: hours.map((h) => t.stats.charts.hour(h)), splitArea: { show: true } },
    yAxis: { type: 'category', data: order.map((d) => t.stats.charts.weekdays[d]), inverse: true, splitArea: { show: true } },
    // colour by satisfaction (the third value of each cell), not by the count that follows it
    visualMap: { dimension: 2, min: 50, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, text: ['100%', '50%'], inRange: { color: [RED, '#f6c28b', '#b7e1c1', GREEN] } },
    series: [
      {
        type: 'heatmap',
        data: s.heat.map((c) => [hours.indexOf(c.hour), order.indexOf(c.weekday), pct(c.satisfactionRate), c.total]),
        label: { show: false },
      },
    ],
  };
}
