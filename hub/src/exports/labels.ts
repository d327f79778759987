import { EXPORT_LABELS_VI as L, type DissatisfactionReason } from '@onestop/shared';

/** The Vietnamese words the exports print: shared with the UI's catalogue (shared/src/i18n/exportLabels.ts). */
export const REASON_VI = L.reasons;
export const reasonVi = (code: string) => L.reasons[code as DissatisfactionReason] ?? code;
export const SOURCE_VI: Record<string, string> = L.sources;
export const STATUS_VI = L.fileStatus;
export const LEVEL3_VI = L.level3;
export const level3Of = (score: number) => (score === 5 ? LEVEL3_VI.verySatisfied : score === 4 ? LEVEL3_VI.satisfied : LEVEL3_VI.notSatisfied);
export const DIMENSION_VI = L.dimensions;
export const SHEET_VI = L.sheets;
export const UNKNOWN_VI = L.unknown;
export const WEEKDAY_VI = L.weekdays;
