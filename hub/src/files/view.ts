import { maskPhone, nextWorkingDay, unaccentVi, type FileEventView, type FileView, type WorkCalendar } from '@onestop/shared';
import type { FileEventRow, FileRow } from './store.js';

/** What "today" means for the computed flags of a file. */
export interface DayContext {
  today: string;
  nextWorkingDay: string;
}

export const dayContext = (today: string, cal: WorkCalendar): DayContext => ({ today, nextWorkingDay: nextWorkingDay(today, cal) });

export function toFileView(r: FileRow, ctx: DayContext, people: (id: string) => string | undefined, opts: { maskPhone?: boolean } = {}): FileView {
  const waiting = r.status === 'received';
  return {
    id: r.id,
    code: r.code,
    procedure: { code: r.procedure_code, name: r.procedure_name, processingDays: r.processing_days },
    citizenName: r.citizen_name,
    phone: opts.maskPhone ? maskPhone(r.phone) : r.phone,
    counterId: r.counter_id,
    receivedBy: r.received_by ? { id: r.received_by, name: people(r.received_by) ?? r.received_by } : null,
    receivedAt: r.received_at,
    dueDate: r.due_date,
    status: r.status,
    statusAt: r.status_at,
    late: waiting && r.due_date < ctx.today,
    dueSoon: waiting && r.due_date > ctx.today && r.due_date <= ctx.nextWorkingDay,
    supplementReason: r.supplement_reason,
    apologies: r.apologies,
    readyAt: r.ready_at,
    closedAt: r.closed_at,
    citizenAddress: r.citizen_address ?? null,
    documentsReceived: parseReceived(r.documents_received ?? null),
    dueTime: r.due_time ?? null,
  };
}

function parseReceived(json: string | null): FileView['documentsReceived'] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as FileView['documentsReceived']) : [];
  } catch {
    return [];
  }
}

export const toEventView = (e: FileEventRow): FileEventView => ({
  at: e.at,
  kind: e.kind,
  from: e.from_status,
  to: e.to_status,
  by: e.actor,
  counterId: e.counter_id,
  reason: e.reason,
  oldDueDate: e.old_due_date,
  newDueDate: e.new_due_date,
});

/** A name as searched: lower case, no diacritics, single spaces ("Nguyễn  Văn Đức" → "nguyen van duc"). */
export const foldName = (s: string): string => unaccentVi(s).toLowerCase().replace(/\s+/g, ' ').trim();

/** 2026-11-21 → 21/11/2026 */
export const dayVi = (day: string): string => day.split('-').reverse().join('/');
