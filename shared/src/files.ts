/**
 * Procedures (thủ tục), files (hồ sơ) and holidays: the REST bodies both sides parse, and the views the hub returns.
 * See docs/api.md and docs/files.md. Phone numbers are checked by normalizeVnMobile (phone.ts) in the hub, so a bad
 * number gets its own reason code.
 */
import { z } from 'zod';
import { isValidDay } from './time.js';
import { CODE_RE } from './codes.js';
import { SMS_PROCEDURE_NAME_MAX } from './smsFit.js';

/** YYYY-MM-DD that is a real calendar date. */
export const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD').refine(isValidDay, 'not a calendar date');

export { CODE_RE };
export const procedureCode = z.string().trim().regex(CODE_RE, 'a code is 1–40 letters, digits, ".", "-" or "_"');
export const fileCode = procedureCode;

// ---------- procedures ----------

/** One paper of a procedure's thành phần hồ sơ, e.g. "Tờ khai đăng ký khai sinh (bản chính)". */
export const procedureDocument = z.string().trim().min(1).max(300);
export const procedureDocuments = z.array(procedureDocument).max(40);

export const procedureInput = z.strictObject({
  code: procedureCode,
  name: z.string().trim().min(1).max(300),
  /** lĩnh vực, e.g. "Hộ tịch", "Chứng thực" */
  field: z.string().trim().min(1).max(120),
  /** legal processing time in working days; 0 = within the day */
  processingDays: z.number().int().min(0).max(365),
  /** VND, whole đồng; absent or null = no fee stated */
  fee: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
  /** thành phần hồ sơ: the papers a citizen brings, one per item, in the order the procedure lists them */
  documents: procedureDocuments.optional(),
  /** the short name messages use (docs/sms.md); absent: unchanged, null: derived from the name again */
  smsName: z.string().trim().min(1).max(SMS_PROCEDURE_NAME_MAX).nullable().optional(),
});
export type ProcedureInput = z.infer<typeof procedureInput>;

/** PATCH: any of the fields; `active: false` takes a procedure off the counters' list without losing its files. */
export const procedureUpdate = procedureInput.omit({ code: true }).partial().extend({ active: z.boolean().optional() });
export type ProcedureUpdate = z.infer<typeof procedureUpdate>;

export interface ProcedureView {
  code: string;
  name: string;
  field: string;
  processingDays: number;
  fee: number | null;
  /** thành phần hồ sơ, possibly empty */
  documents: string[];
  active: boolean;
  /** the short name messages use: the admin's, or derived from the name (deriveSmsName) */
  smsName: string;
  /** true when smsName is derived, not written by the admin */
  smsNameDerived: boolean;
}

/**
 * The CSV the admin imports: this header, comma-separated, UTF-8, one procedure a row. The last column, the papers
 * to bring, may be left out (the older five-column file); its items are separated by ";" or line breaks in the cell.
 */
export const PROCEDURE_CSV_HEADER = ['code', 'name', 'field', 'processingDays', 'fee', 'documents'] as const;
export const PROCEDURE_CSV_DOCUMENTS_SEPARATOR = /\s*(?:;|\r?\n)\s*/;

// ---------- holidays ----------

export const holidayInput = z.strictObject({
  date: daySchema,
  name: z.string().trim().min(1).max(120),
  /** off: a day off (holiday, or a day off given in exchange); work: a weekend day that is worked (làm bù) */
  kind: z.enum(['off', 'work']).default('off'),
});
export type HolidayInput = z.input<typeof holidayInput>;
export interface HolidayView {
  date: string;
  name: string;
  kind: 'off' | 'work';
}

// ---------- files ----------

export const FILE_STATUSES = ['received', 'supplement', 'ready', 'returned', 'rejected', 'withdrawn'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];
export const CLOSED_STATUSES: readonly FileStatus[] = ['returned', 'rejected', 'withdrawn'];

const personName = z.string().trim().min(1).max(120);
const phoneInput = z.string().trim().min(1).max(30);
const reason = z.string().trim().min(1).max(500);

/** What the receipt (Mẫu số 01) records besides: the address, the papers received and their number, the hour of return. */
export const citizenAddress = z.string().trim().min(1).max(300);
export const documentReceived = z.strictObject({ name: z.string().trim().min(1).max(300), copies: z.number().int().min(1).max(99) });
export type DocumentReceived = z.infer<typeof documentReceived>;
export const dueTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day is HH:MM');
/**
 * The time of day of the return: absent, the commune's default (`commune.returnTime` on /admin/settings) is stored
 * with the file; null, the file has none (the receipt then prints the day alone).
 */
const receiptExtras = {
  citizenAddress: citizenAddress.optional(),
  documentsReceived: z.array(documentReceived).max(40).optional(),
  dueTime: dueTime.nullable().optional(),
};

/** GET /api/staff/appointment: the appointment the counter page proposes, its day and the commune's default time. */
export interface AppointmentProposal {
  dueDate: string;
  /** HH:MM, the commune's default time of return (docs/files.md "The time of the return") */
  dueTime: string | null;
}

/** An instant as ISO 8601 with an offset ("2026-11-20T08:30:00+07:00") or epoch milliseconds. */
export const instantSchema = z.union([
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  z.number().int().min(0).max(8.64e15),
]);

/** POST /api/v1/files */
/**
 * A citizen without a mobile phone is received with `noPhone: true` instead of a number: the file gets no SMS (its
 * result is collected at the counter). Exactly one of the two must be given, so a forgotten number is not silent.
 */
const onePhoneChoice = (b: { phone?: string; noPhone?: true }) => (b.phone !== undefined) !== (b.noPhone === true);
const phoneChoiceMessage = { message: 'give either phone (a mobile number) or noPhone: true (the citizen has no mobile; no SMS)' };

export const createFileRequest = z
  .strictObject({
    code: fileCode,
    procedureCode,
    citizenName: personName,
    phone: phoneInput.optional(),
    noPhone: z.literal(true).optional(),
    receivedAt: instantSchema.optional(),
    dueDate: daySchema.optional(),
    counterId: z.string().max(40).optional(),
    ...receiptExtras,
  })
  .refine(onePhoneChoice, phoneChoiceMessage);
export type CreateFileRequest = z.input<typeof createFileRequest>;

/** A file received on paper may be entered in the hub this many days after the day it was received, no more. */
export const LATE_ENTRY_MAX_DAYS = 30;

/**
 * POST /api/staff/files: the counter and staff come from the session, the time from the hub; a code may be made by
 * the hub. A file received on an earlier day (on paper while the PC was off, entered today) gives that day as
 * `receivedOn` with the reason in `lateEntryReason`, which the file's history keeps; its appointment counts from
 * that day, so it may already be past (docs/files.md "Entered late").
 */
export const receiveFileRequest = z
  .strictObject({
    code: fileCode.optional(),
    procedureCode,
    citizenName: personName,
    phone: phoneInput.optional(),
    noPhone: z.literal(true).optional(),
    dueDate: daySchema.optional(),
    receivedOn: daySchema.optional(),
    lateEntryReason: reason.optional(),
    ...receiptExtras,
  })
  .refine(onePhoneChoice, phoneChoiceMessage)
  .refine((b) => b.receivedOn === undefined || b.lateEntryReason !== undefined, { path: ['lateEntryReason'], message: 'a file entered late (receivedOn) needs lateEntryReason' });
export type ReceiveFileRequest = z.input<typeof receiveFileRequest>;

/** What a transition request may ask for. "received" = the supplement was delivered; "late" = apology + new date. */
export const TRANSITION_TARGETS = ['received', 'supplement', 'ready', 'returned', 'rejected', 'withdrawn', 'late'] as const;
export type TransitionTarget = (typeof TRANSITION_TARGETS)[number];

export const transitionRequest = z
  .strictObject({
    status: z.enum(TRANSITION_TARGETS),
    reason: reason.optional(),
    newDueDate: daySchema.optional(),
    /** where a file is returned (API only; staff return at their own counter) */
    counterId: z.string().max(40).optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.status === 'supplement' || b.status === 'rejected' || b.status === 'late') && !b.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `"${b.status}" needs a reason` });
    }
    if (b.status === 'late' && !b.newDueDate) ctx.addIssue({ code: 'custom', path: ['newDueDate'], message: '"late" needs a new date' });
    if (b.newDueDate && b.status !== 'late' && b.status !== 'received') {
      ctx.addIssue({ code: 'custom', path: ['newDueDate'], message: 'a new date goes with "late" or "received"' });
    }
  });
export type TransitionRequest = z.infer<typeof transitionRequest>;

export const fileListName = z.enum(['today', 'due-tomorrow', 'overdue', 'ready', 'supplement']);
export type FileListName = z.infer<typeof fileListName>;

export interface FileView {
  id: string;
  code: string;
  procedure: { code: string; name: string; processingDays: number };
  citizenName: string;
  /** E.164 (+84…); lists carry it masked */
  phone: string;
  counterId: string | null;
  receivedBy: { id: string; name: string } | null;
  receivedAt: number;
  dueDate: string;
  status: FileStatus;
  statusAt: number;
  /** not ready, past its appointment day (computed) */
  late: boolean;
  /** not ready, due on the next working day (computed; highlighted a day early) */
  dueSoon: boolean;
  supplementReason: string | null;
  apologies: number;
  readyAt: number | null;
  closedAt: number | null;
  citizenAddress: string | null;
  /** the papers received, as the receipt lists them */
  documentsReceived: DocumentReceived[];
  /** the time of day of the appointment, HH:MM, or null */
  dueTime: string | null;
  /** in the answer to a step that can be undone: which, and for how long still (ms, by the hub's clock) */
  undo?: { step: UndoableStep; leftMs: number };
}

export type FileEventKind = 'received' | 'supplement' | 'resumed' | 'ready' | 'returned' | 'rejected' | 'withdrawn' | 'apology' | 'reminder' | 'undone';

/** The steps a clerk may undo for a short while (issue 14 §2, docs/files.md "Undo"). */
export const UNDOABLE_STEPS = ['ready', 'returned'] as const;
export type UndoableStep = (typeof UNDOABLE_STEPS)[number];

/** POST /api/staff/files/:code/undo: the step the clerk sees, so a step somebody else made since is never undone. */
export const undoRequest = z.strictObject({ step: z.enum(UNDOABLE_STEPS) });

export interface FileEventView {
  at: number;
  kind: FileEventKind;
  from: FileStatus | null;
  to: FileStatus;
  by: string | null;
  counterId: string | null;
  reason: string | null;
  oldDueDate: string | null;
  newDueDate: string | null;
}

/** The public kiosk lookup: no personal data. */
export interface PublicFileView {
  code: string;
  procedureName: string;
  status: FileStatus;
  dueDate: string;
  late: boolean;
}

/** GET /api/staff/files/{code}: the file and its history. */
export interface FileDetail {
  file: FileView;
  history: FileEventView[];
}

/** GET /api/staff/files/{code}/receipt: what the receipt (giấy tiếp nhận hồ sơ và hẹn trả kết quả) prints. */
export interface FileReceipt {
  communeName: string;
  file: FileView;
  counterName: string | null;
  receivedByName: string | null;
  fee: number | null;
  qr: string;
}

/** GET /api/staff/files/{code}/apology: what the apology slip prints, the latest apology. */
export interface ApologySlip {
  communeName: string;
  file: FileView;
  apology: { at: number; reason: string | null; oldDueDate: string | null; newDueDate: string | null; by: string | null };
}
