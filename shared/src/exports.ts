/** Exports of the statistics (docs/statistics.md): POST /api/admin/exports and the job it starts. */
import { z } from 'zod';
import { rangeQuery } from './stats.js';

/**
 * A percentage in every export (docs/statistics.md, "Percentages"). XLSX: the fraction 0..1 in a number cell with
 * this format, never 87.5 beside a "%" cell. CSV: the percentage with one decimal and a point (87.5), under a
 * header ending in "(%)"; in a column that mixes figures (a summary's "value" column), "87.5%".
 */
export const XLSX_PERCENT_FORMAT = '0.0%';
export const csvPercent = (fraction: number): number => Math.round(fraction * 1000) / 10;
export const csvPercentHeader = (header: string): string => `${header} (%)`;
export const csvPercentText = (fraction: number): string => `${csvPercent(fraction)}%`;

/** The tables a CSV export can hold. */
export const CSV_TABLES = ['ratings', 'comments', 'files', 'trend', 'counter', 'staff', 'procedure', 'field', 'source'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

export const exportRequest = z.discriminatedUnion('format', [
  z.strictObject({ format: z.literal('xlsx'), kind: z.enum(['stats', 'report']), range: rangeQuery }),
  z.strictObject({ format: z.literal('csv'), kind: z.enum(CSV_TABLES), range: rangeQuery }),
]);
export type ExportRequest = z.infer<typeof exportRequest>;

export const exportJob = z.object({
  id: z.string(),
  format: z.enum(['xlsx', 'csv']),
  kind: z.string(),
  from: z.string(),
  to: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  /** rows written so far and rows expected: the page's progress bar */
  done: z.number(),
  total: z.number(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  bytes: z.number().nullable(),
  fileName: z.string(),
});
export type ExportJob = z.infer<typeof exportJob>;
