import type { ProcedureView } from '@onestop/shared';
import type { PublicMessages as Messages } from '../i18n/public';
import { formatMoney } from './format';

/** "Trong ngày" / "3 ngày làm việc". */
export function processingText(t: Messages, days: number): string {
  return days === 0 ? t.procedures.sameDay : t.procedures.workingDays(days);
}

/** "Miễn phí" / "8.000 đồng" / "Theo quy định". */
export function feeText(t: Messages, fee: number | null): string {
  return fee === null ? t.procedures.feeUnknown : fee === 0 ? t.procedures.free : t.procedures.money(formatMoney(fee));
}

/** "Hộ tịch · 3 ngày làm việc · Miễn phí · HT-KHAI-SINH" */
export function procedureMeta(t: Messages, p: ProcedureView): string {
  return [p.field, processingText(t, p.processingDays), feeText(t, p.fee), p.code].join(' · ');
}
