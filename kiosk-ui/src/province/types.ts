/** What GET /api/province/report answers (hub/src/receiver/report.ts). */
export type Level = 'full' | 'partial' | 'none';
export interface Counts {
  total: number;
  byScore: Record<'1' | '2' | '3' | '4' | '5', number>;
  flagged: number;
  files: { received: number; ready: number; returned: number; late: number; apologies: number };
  sms: { sent: number; delivered: number; failed: number };
  satisfaction: number | null;
}
export interface CommuneFigures extends Counts {
  code: string;
  name: string;
  daysReported: number;
  smsLevel: Level | null;
  devicesLevel: Level | null;
}
export interface Bucket {
  count: number;
  communes: string[];
}
export interface AppendixRow {
  criterion: 'sms' | 'devices';
  full: Bucket;
  partial: Bucket;
  none: Bucket;
  noData: Bucket;
}
export interface ProvinceReport {
  from: string;
  to: string;
  days: string[];
  communes: CommuneFigures[];
  province: Counts & { communes: number; communesReporting: number; summaries: number };
  ranking: { rank: number; code: string; name: string; satisfaction: number; total: number }[];
  trend: { day: string; total: number; satisfaction: number | null; communesReporting: number }[];
  missing: { code: string; name: string; lastReported: string | null; silentSince: string | null; daysMissing: number }[];
  matrix: Record<string, string> | null;
  appendix: AppendixRow[];
}
export interface CommuneView {
  code: string;
  name: string;
  createdAt: number;
  secretRotatedAt: number;
}
