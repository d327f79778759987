import { csvPercent, csvPercentText, OFFSET_MS } from '@onestop/shared';
import type { Cell, ColumnType } from './tables.js';

export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' → dd/mm/yyyy */
export const viDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** epoch ms → dd/mm/yyyy HH:MM, local time. Rows come a day at a time, so the day's text is kept. */
let dayStart = 0;
let dayText = '';
export function viDateTime(ms: number): string {
  const local = ms + OFFSET_MS;
  if (local < dayStart || local >= dayStart + 86_400_000) {
    const d = new Date(local);
    dayStart = local - (local % 86_400_000);
    dayText = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} `;
  }
  const minutes = Math.floor((local - dayStart) / 60_000);
  return dayText + pad(Math.floor(minutes / 60)) + ':' + pad(minutes % 60);
}

/**
 * A cell as the CSV writer takes it: dates dd/mm/yyyy, percentages as 87.5 (the column's header says "(%)") or, in a
 * mixed column, "87.5%", decimals with a point. A number stays a number (shared/src/csv.ts writes it bare; text is
 * neutralised against formulas there).
 */
export function csvText(type: ColumnType, v: Cell): string | number {
  if (v === null || v === '') return '';
  if (typeof v === 'object') return type === 'percent' ? csvPercent(v.percent) : csvPercentText(v.percent);
  if (typeof v === 'number') {
    if (type === 'date') return String(v);
    if (type === 'datetime') return viDateTime(v);
    if (type === 'percent') return csvPercent(v);
    return v;
  }
  if (type === 'date' || type === 'auto') return DAY_RE.test(v) ? viDay(v) : v;
  return v;
}

/** A local day or instant as the Date exceljs writes: its UTC fields are the local wall clock (Excel has no zones). */
export const excelDay = (day: string) => new Date(`${day}T00:00:00Z`);
export const excelDateTime = (ms: number) => new Date(ms + OFFSET_MS);
