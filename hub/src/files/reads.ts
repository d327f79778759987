import { addDays, dayBounds, fileListName, localDay, normalizeVnMobile, type ApologySlip, type Clock, type FileDetail, type FileListName, type FileReceipt, type FileView } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import type { ProcedureService } from '../procedures/service.js';
import type { SmsOutboxPort } from '../sms/port.js';
import { FileStore, type FileRow } from './store.js';
import { dayContext, foldName, toEventView, toFileView, type DayContext } from './view.js';

/** The SMS feature's list of a file's messages; [] until it is wired. */
export interface SmsMessagesReader {
  messagesForFile(fileId: string): unknown[];
}

export interface FileServiceDeps {
  db: Db;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  procedures: ProcedureService;
  counters: { get(id: string): { id: string; name: string } | undefined };
  people: { user(id: string): { displayName: string } | undefined };
  sms?: SmsOutboxPort | null;
  smsReader?: SmsMessagesReader | null;
  /** send the optional "received" SMS (with the appointment date) when a file is received */
  smsOnReceived?: boolean;
  communeName: string;
  /** how long a clerk may undo "ready" / "returned" (ms); its message is held that long. Default 0: no undo */
  undoWindowMs?: () => number;
  /** the commune's time of day of the return (HH:MM), read at each reception; absent: files get none */
  returnTime?: () => string | null;
}

/**
 * Reading files: one file with its history, the counter page's lists, search, and what the kiosk, the receipt and the
 * apology slip show. FileService (service.ts) adds receiving and the transitions on top.
 */
export class FileReads {
  readonly store: FileStore;

  constructor(protected readonly d: FileServiceDeps) {
    this.store = new FileStore(d.db);
  }

  protected today(): string {
    return localDay(this.d.clock.now());
  }

  protected ctx(): DayContext {
    return dayContext(this.today(), this.d.procedures.calendar());
  }

  protected view(r: FileRow, ctx = this.ctx(), mask = false): FileView {
    return toFileView(r, ctx, (id) => this.d.people.user(id)?.displayName, { maskPhone: mask });
  }

  protected mustGet(code: string): FileRow {
    const r = this.store.byCode(code);
    if (!r) throw new ServiceError('file-not-found', code);
    return r;
  }


  get(code: string): FileDetail {
    const f = this.mustGet(code);
    return { file: this.view(f), history: this.store.events(f.id).map(toEventView) };
  }

  byId(id: string): FileView | undefined {
    const r = this.store.byId(id);
    return r && this.view(r);
  }

  /** The counter page's lists; phone numbers masked. */
  list(name: unknown): FileView[] {
    const parsed = fileListName.safeParse(name);
    if (!parsed.success) throw new ServiceError('invalid-payload', 'list is one of today, due-tomorrow, overdue, ready, supplement');
    const ctx = this.ctx();
    this.store.sweepLate(ctx.today);
    return this.rows(parsed.data, ctx).map((r) => this.view(r, ctx, true));
  }

  private rows(name: FileListName, ctx: DayContext): FileRow[] {
    switch (name) {
      case 'today': {
        const { start, end } = dayBounds(ctx.today);
        return this.store.receivedBetween(start, end);
      }
      case 'due-tomorrow':
        return this.store.openDueBetween(addDays(ctx.today, 1), ctx.nextWorkingDay);
      case 'overdue':
        return this.store.overdue(ctx.today);
      case 'ready':
        return this.store.inStatus('ready');
      case 'supplement':
        return this.store.inStatus('supplement');
    }
  }

  /** By code, by phone in any form people type it (or its last digits), or by name with or without diacritics. */
  search(q: unknown): FileView[] {
    if (typeof q !== 'string' || q.trim().length < 2 || q.length > 100) throw new ServiceError('invalid-payload', 'q: 2–100 characters');
    const text = q.trim();
    const esc = (s: string) => s.replace(/[\\%_]/g, '\\$&');
    const phone = normalizeVnMobile(text);
    const digits = text.replace(/[\s.\-()]/g, '');
    let phoneLike: string | null = null;
    if (!phone.ok && /^\+?\d{4,}$/.test(digits)) {
      // a number begun (0912…) or its end (…5678)
      phoneLike = digits.startsWith('0') ? `+84${esc(digits.slice(1))}%` : digits.startsWith('+') ? `${esc(digits)}%` : `%${esc(digits)}`;
    }
    const name = foldName(text);
    const rows = this.store.search({
      phone: phone.ok ? phone.e164 : null,
      phoneLike,
      codeLike: `%${esc(text)}%`,
      nameLike: /\p{L}/u.test(name) ? `%${esc(name)}%` : null,
    });
    const ctx = this.ctx();
    return rows.map((r) => this.view(r, ctx, true));
  }

  /** The kiosk's lookup by code (or the receipt's QR): status and appointment, nothing personal. */
  publicView(code: string) {
    const f = this.mustGet(code);
    const v = this.view(f);
    return { code: v.code, procedureName: v.procedure.name, status: v.status, dueDate: v.dueDate, late: v.late };
  }

  /** What the receipt (giấy tiếp nhận hồ sơ và hẹn trả kết quả) prints. */
  receipt(code: string): FileReceipt {
    const f = this.mustGet(code);
    const v = this.view(f);
    const counter = f.counter_id ? this.d.counters.get(f.counter_id) : undefined;
    return {
      communeName: this.d.communeName,
      file: v,
      counterName: counter?.name ?? null,
      receivedByName: v.receivedBy?.name ?? null,
      fee: this.d.procedures.get(f.procedure_code).fee,
      qr: f.code,
    };
  }

  /** What the apology slip (Phiếu xin lỗi và hẹn lại ngày trả kết quả) prints: the latest apology. */
  apologySlip(code: string): ApologySlip {
    const f = this.mustGet(code);
    const a = this.store.lastEvent(f.id, 'apology');
    if (!a) throw new ServiceError('not-found', 'this file has no apology');
    return {
      communeName: this.d.communeName,
      file: this.view(f),
      apology: { at: a.at, reason: a.reason, oldDueDate: a.old_due_date, newDueDate: a.new_due_date, by: a.actor },
    };
  }

  messages(code: string): unknown[] {
    const f = this.mustGet(code);
    return this.d.smsReader?.messagesForFile(f.id) ?? [];
  }
}
