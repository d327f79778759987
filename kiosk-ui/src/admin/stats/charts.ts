import type { Messages } from '../../i18n';
import type { ChartOption } from './Chart';
import type { HourPoint, PeriodStats, RatingBlock } from '@onestop/shared';

const GREEN = '#1b7f3b';
const LIGHT_GREEN = '#7cc48f';
const RED = '#c0392b';
const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const ddmm = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
/** A count axis: whole numbers written the Vietnamese way (1.000; echarts' own "1,000" reads as one in Vietnamese). */
const countAxis = () => ({ type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => v.toLocaleString('vi-VN'), hideOverlap: true } });

/** The office day an hourly trend shows, 07h to 17h, widened to any hour that has ratings (docs/statistics.md). */
const OFFICE_FIRST_HOUR = 7;
const OFFICE_LAST_HOUR = 17;
export function officeHours(hourly: HourPoint[]): HourPoint[] {
  const busy = hourly.filter((p) => p.ratings.total + p.ratings.flagged > 0).map((p) => p.hour);
  return hourly.filter((p) => p.hour >= Math.min(OFFICE_FIRST_HOUR, ...busy) && p.hour <= Math.max(OFFICE_LAST_HOUR, ...busy));
}

/** The trend's points: a day's by hour (the hub's hourly series), a longer period's by day. */
function trendPoints(s: PeriodStats, t: Messages): { label: string; ratings: RatingBlock }[] {
  if (s.hourly) return officeHours(s.hourly).map((p) => ({ label: t.stats.charts.hour(p.hour), ratings: p.ratings }));
  return s.trend.map((d) => ({ label: ddmm(d.day), ratings: d.ratings }));
}

/** Ratings per hour of a day, or per day of a longer period (bars), and their satisfaction (line). */
export function trendOption(s: PeriodStats, t: Messages): ChartOption {
  const points = trendPoints(s, t);
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { data: [t.stats.charts.trendRatings, t.stats.charts.trendRate], bottom: 0 },
    grid: { left: 48, right: 48, top: 16, bottom: 48 },
    // the first and last labels start and end at the axis's ends: centred, a year's 01/01 would run under the "0"
    xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: { hideOverlap: true, alignMinLabel: 'left', alignMaxLabel: 'right' } },
    yAxis: [
      countAxis(),
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', hideOverlap: true } },
    ],
    series: [
      { name: t.stats.charts.trendRatings, type: 'bar', data: points.map((p) => p.ratings.total), itemStyle: { color: '#5b8def' } },
      { name: t.stats.charts.trendRate, type: 'line', yAxisIndex: 1, connectNulls: true, data: points.map((p) => pct(p.ratings.satisfactionRate)), itemStyle: { color: GREEN } },
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
    xAxis: { type: 'category', data: t.stats.charts.scores, axisLabel: { hideOverlap: true } },
    yAxis: countAxis(),
    series: [{ type: 'bar', data: (['1', '2', '3', '4', '5'] as const).map((k, i) => ({ value: s.ratings.byScore[k], itemStyle: { color: colors[i] } })) }],
  };
}

/** Width left for a counter's name beside its bar; a longer name ends in "…" (the tooltip shows it whole). */
const COUNTER_LABEL_WIDTH = 150;
/** Height of the counters chart: a row of at least 28 px per counter, so every counter keeps its name. */
export const countersHeight = (s: PeriodStats) => Math.max(280, 28 * s.breakdown.counter.length + 72);

/**
 * Counters one under another, each bar stacked by the three report levels. Names are on the vertical axis, where a
 * long name ("Quầy 3 – Lao động, thương binh và xã hội") has a row of its own instead of colliding with its neighbours.
 */
export function countersOption(s: PeriodStats, t: Messages): ChartOption {
  const rows = s.breakdown.counter;
  const l = t.stats.level3;
  const series = (name: string, color: string, pick: (r: (typeof rows)[number]) => number) => ({ name, type: 'bar', stack: 'all', data: rows.map(pick), itemStyle: { color } });
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: [l.verySatisfied, l.satisfied, l.notSatisfied], bottom: 0 },
    grid: { left: 8, right: 24, top: 8, bottom: 40 },
    xAxis: countAxis(),
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.label || t.stats.unknown.counter),
      axisLabel: { width: COUNTER_LABEL_WIDTH, overflow: 'truncate', ellipsis: '…', hideOverlap: true },
    },
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
    xAxis: { type: 'category', data: hours.map((h) => t.stats.charts.hour(h)), splitArea: { show: true }, axisLabel: { hideOverlap: true } },
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
