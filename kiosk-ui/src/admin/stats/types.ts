/** The hub's answers for the statistics page (hub/src/stats/queries.ts PeriodStats), as the page uses them. */
export type Dimension = 'counter' | 'staff' | 'procedure' | 'field' | 'source';
export type RangeKind = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'custom';
export type ScoreCounts = Record<'1' | '2' | '3' | '4' | '5', number>;

export interface RatingBlock {
  total: number;
  flagged: number;
  byScore: ScoreCounts;
  level3: { verySatisfied: number; satisfied: number; notSatisfied: number };
  satisfactionRate: number | null;
  meanScore: number | null;
}
export interface FileBlock {
  received: number;
  ready: number;
  returned: number;
  late: number;
  returnedOnTime: number;
  returnedLate: number;
  inProgress: number;
  avgProcessingDays: number | null;
  apologies: number;
}
export interface PeriodStats {
  range: { kind: RangeKind; from: string; to: string; days: number };
  ratings: RatingBlock & { reasons: Record<string, number>; comments: number };
  files: FileBlock;
  sms: { sent: number; delivered: number; failed: number };
  breakdown: Record<Dimension, { key: string; label: string; ratings: RatingBlock; files: FileBlock | null }[]>;
  trend: { day: string; ratings: RatingBlock; filesReceived: number; filesReturned: number }[];
  heat: { weekday: number; hour: number; total: number; satisfied: number; satisfactionRate: number | null; meanScore: number | null }[];
}
export interface CommentRow {
  id: string;
  ratedAt: number;
  day: string;
  counter: string;
  staff: string | null;
  score: number;
  source: string;
  reasons: string[];
  comment: string;
}
export interface ExportJob {
  id: string;
  format: 'xlsx' | 'csv';
  kind: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  fileName: string;
}
export type RangeQuery = { kind: Exclude<RangeKind, 'custom'>; date: string } | { kind: 'custom'; from: string; to: string };

export const rangeParams = (q: RangeQuery) =>
  q.kind === 'custom' ? `kind=custom&from=${q.from}&to=${q.to}` : `kind=${q.kind}&date=${q.date}`;
