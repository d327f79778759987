import { dayBounds, localDay } from '@onestop/shared';

export interface Range {
  from: string;
  to: string;
}
export type Preset = 'thisQuarter' | 'lastQuarter' | 'thisMonth' | 'last30' | 'thisYear';
export const PRESETS: Preset[] = ['thisQuarter', 'lastQuarter', 'thisMonth', 'last30', 'thisYear'];

const pad = (n: number) => String(n).padStart(2, '0');
const lastOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m is 1-based
const yesterday = (day: string) => localDay(dayBounds(day).start - 1);

/**
 * The periods the province reports on, as local days. Periods that include today end yesterday: today's summaries
 * arrive tonight. `now` is handed in (the page's clock).
 */
export function presetRange(p: Preset, now: number): Range {
  const today = localDay(now);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const q = Math.floor((m - 1) / 3);
  const end = yesterday(today);
  const clamp = (r: Range): Range => (r.to > end ? { from: r.from, to: end < r.from ? r.from : end } : r);
  switch (p) {
    case 'thisQuarter':
      return clamp({ from: `${y}-${pad(q * 3 + 1)}-01`, to: `${y}-${pad(q * 3 + 3)}-${lastOfMonth(y, q * 3 + 3)}` });
    case 'lastQuarter': {
      const ly = q === 0 ? y - 1 : y;
      const lq = q === 0 ? 3 : q - 1;
      return { from: `${ly}-${pad(lq * 3 + 1)}-01`, to: `${ly}-${pad(lq * 3 + 3)}-${lastOfMonth(ly, lq * 3 + 3)}` };
    }
    case 'thisMonth':
      return clamp({ from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${lastOfMonth(y, m)}` });
    case 'last30':
      return { from: localDay(dayBounds(today).start - 30 * 86_400_000), to: end };
    case 'thisYear':
      return clamp({ from: `${y}-01-01`, to: `${y}-12-31` });
  }
}

/** dd/mm/yyyy from YYYY-MM-DD. */
export const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** A share as a percentage with one decimal, written the local way ("92,3 %" in Vietnamese). */
export function percent(x: number | null, lang: 'vi' | 'en'): string {
  if (x === null) return '–';
  const v = (Math.round(x * 1000) / 10).toFixed(1);
  return lang === 'vi' ? `${v.replace('.', ',')} %` : `${v}%`;
}

export const num = (n: number, lang: 'vi' | 'en') => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
