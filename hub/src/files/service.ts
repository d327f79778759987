import {
  addDays,
  deriveSmsName,
  appointmentDay,
  createFileRequest,
  dayBounds,
  fileListName,
  LATE_ENTRY_MAX_DAYS,
  localDay,
  normalizeVnMobile,
  receiveFileRequest,
  transitionRequest,
  undoRequest,
  uuidv7,
  type ApologySlip,
  type AppointmentProposal,
  type SmsReasonRoom,
  type Clock,
  type FileDetail,
  type FileReceipt,
  type FileListName,
  type FileStatus,
  type DocumentReceived,
  type FileView,
  type TransitionTarget,
  type UndoableStep,
} from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import type { ProcedureService } from '../procedures/service.js';
import type { SmsKind, SmsOutboxPort, SmsTruth } from '../sms/port.js';
import type { FileChange, FileEventRow, FileRow } from './store.js';
import { FileReads, type FileServiceDeps } from './reads.js';

export type { FileServiceDeps, SmsMessagesReader } from './reads.js';
import { dayContext, dayVi, foldName, toEventView, toFileView, type DayContext } from './view.js';
import { parseOr } from '../http/parse.js';

/** Who acts: a signed-in person (at a counter or not), another program with an API token, or the hub's own jobs. */
export type Actor =
  | { kind: 'user'; userId: string; name: string; counterId: string | null }
  | { kind: 'token'; tokenId: string; name: string }
  | { kind: 'system'; name: string };

const HUB: Actor = { kind: 'system', name: 'hub' };

/** From which statuses each transition may start. Anything else is `transition-not-allowed`. */
const ALLOWED_FROM: Record<TransitionTarget, readonly FileStatus[]> = {
  received: ['supplement'],
  supplement: ['received'],
  ready: ['received'],
  returned: ['ready'],
  rejected: ['received', 'supplement'],
  withdrawn: ['received', 'supplement'],
  late: ['received'],
};

interface EventInput {
  kind: FileEventRow['kind'];
  from: FileStatus | null;
  to: FileStatus;
  reason?: string | null;
  oldDueDate?: string;
  newDueDate?: string;
  counterId?: string | null;
}

/** A receipt may be dated at most this far ahead of the hub's clock (a PC clock a little fast). */
const MAX_FUTURE_MS = 5 * 60_000;

/**
 * Files (hồ sơ) and their life cycle (docs/files.md, docs/decisions/0013-file-life-cycle.md). Every change is one
 * immediate transaction that also writes its history row and, when the citizen should hear of it, the SMS into the
 * outbox through the SMS port: the message exists if and only if the change was committed.
 */
export class FileService extends FileReads implements SmsTruth {
  // ---- receiving ----

  /** Staff at a counter: the counter and the person come from the session, the time is now. */
  receiveAtCounter(body: unknown, actor: Actor & { kind: 'user' }): FileView {
    const { receivedOn, lateEntryReason, ...parsed } = parseOr(receiveFileRequest, body, 'body');
    const now = this.d.clock.now();
    const today = localDay(now);
    if (receivedOn === undefined || receivedOn === today) return this.receive({ ...parsed, counterId: actor.counterId ?? undefined, lateEntryReason }, actor);
    // entered late: the day is the paper's, the time of day is unknown and taken from the time of entry
    if (receivedOn > today) throw new ServiceError('bad-date', 'receivedOn is in the future');
    if (receivedOn < addDays(today, -LATE_ENTRY_MAX_DAYS)) throw new ServiceError('late-entry-too-old', `receivedOn is more than ${LATE_ENTRY_MAX_DAYS} days ago`);
    const receivedAt = this.lateEntryInstant(receivedOn, now);
    return this.receive({ ...parsed, counterId: actor.counterId ?? undefined, receivedAt, lateEntryReason }, actor);
  }

  /** Another program (API v1): the code is theirs; time and appointment may be given. */
  receiveFromApi(body: unknown, actor: Actor): FileView {
    const parsed = parseOr(createFileRequest, body, 'body');
    return this.receive(parsed, actor);
  }

  private receive(
    input: {
      code?: string;
      procedureCode: string;
      citizenName: string;
      phone?: string;
      noPhone?: true;
      receivedAt?: number;
      dueDate?: string;
      counterId?: string;
      citizenAddress?: string;
      documentsReceived?: DocumentReceived[];
      dueTime?: string | null;
      lateEntryReason?: string;
    },
    actor: Actor,
  ): FileView {
    // no mobile: the file is stored with an empty number and gets no SMS (the same empty number retention leaves)
    const phone = input.noPhone ? ({ ok: true, e164: '' } as const) : normalizeVnMobile(input.phone ?? '');
    if (!phone.ok) throw new ServiceError(phone.reason, 'a Vietnamese mobile number: 10 digits from 03, 05, 07, 08 or 09');
    const procedure = this.d.procedures.get(input.procedureCode);
    if (!procedure.active) throw new ServiceError('procedure-not-found', `${procedure.code} is no longer offered`);
    if (input.counterId !== undefined && !this.d.counters.get(input.counterId)) throw new ServiceError('counter-not-found', input.counterId);
    const now = this.d.clock.now();
    const receivedAt = input.receivedAt ?? now;
    if (receivedAt > now + MAX_FUTURE_MS) throw new ServiceError('bad-date', 'receivedAt is in the future');
    const cal = this.d.procedures.calendar();
    const dueDate = input.dueDate ?? appointmentDay(receivedAt, procedure.processingDays, cal);
    // at the counter, a past appointment means a file received earlier: the form says how to enter it late
    if (actor.kind === 'user' && input.dueDate !== undefined && input.dueDate < localDay(now) && input.lateEntryReason === undefined) {
      throw new ServiceError('due-date-past', 'a file received on an earlier day is entered with receivedOn and lateEntryReason');
    }
    if (dueDate < localDay(receivedAt)) throw new ServiceError('bad-date', 'the appointment is before the day the file was received');

    const row = this.store.transaction(() => {
      const code = input.code ?? this.newCode(receivedAt);
      if (this.store.byCode(code)) throw new ServiceError('duplicate-code', `a file with code ${code} exists`);
      const r: FileRow = {
        id: uuidv7(now),
        code,
        procedure_code: procedure.code,
        procedure_name: procedure.name,
        processing_days: procedure.processingDays,
        citizen_name: input.citizenName,
        name_folded: foldName(input.citizenName),
        phone: phone.e164,
        counter_id: input.counterId ?? null,
        received_by: actor.kind === 'user' ? actor.userId : null,
        received_token: actor.kind === 'token' ? actor.tokenId : null,
        received_at: receivedAt,
        due_date: dueDate,
        status: 'received',
        status_at: now,
        supplement_reason: null,
        apologies: 0,
        ready_at: null,
        closed_at: null,
        late_since: null,
        reminded_at: null,
        created_at: now,
        citizen_address: input.citizenAddress ?? null,
        documents_received: input.documentsReceived?.length ? JSON.stringify(input.documentsReceived) : null,
        // absent: the commune's time of return as it is now, kept with the file (null: the clerk left it empty)
        due_time: input.dueTime === undefined ? this.returnTime() : input.dueTime,
      };
      this.store.insert(r);
      this.store.sweepLate(this.today());
      if (this.d.smsOnReceived) this.sms('received', r, {});
      this.store.insertEvent(this.event(r, actor, now, { kind: 'received', from: null, to: 'received', newDueDate: dueDate, reason: input.lateEntryReason }));
      return this.store.byId(r.id)!;
    });
    this.d.log.info({ fileId: row.id, procedure: row.procedure_code, counterId: row.counter_id, by: actor.name }, 'file received');
    return this.view(row);
  }

  /** A late entry's time of reception: its day, at the time of day it is entered (the paper gives no time). */
  lateEntryInstant(receivedOn: string, now = this.d.clock.now()): number {
    return dayBounds(receivedOn).start + (now - dayBounds(localDay(now)).start);
  }

  /** A code for a file that came without one: YYYYMMDD-NNNN of the day it was received. */
  private newCode(at: number): string {
    const prefix = localDay(at).replace(/-/g, '') + '-';
    for (let n = this.store.codesWithPrefix(prefix) + 1; ; n++) {
      const code = prefix + String(n).padStart(4, '0');
      if (!this.store.byCode(code)) return code;
    }
  }

  /** The appointment a file received now (or at `at`) would get: what the counter page proposes. */
  appointment(procedureCode: string, at = this.d.clock.now()): AppointmentProposal {
    const p = this.d.procedures.get(procedureCode);
    return { dueDate: appointmentDay(at, p.processingDays, this.d.procedures.calendar()), dueTime: this.returnTime() };
  }

  private returnTime(): string | null {
    return this.d.returnTime?.() ?? null;
  }

  // ---- transitions ----

  transition(code: string, body: unknown, actor: Actor): FileView {
    const req = parseOr(transitionRequest, body, 'body');
    const now = this.d.clock.now();
    const today = this.today();
    let returnedAt: string | null = null;

    const row = this.store.transaction(() => {
      this.store.sweepLate(today);
      const f = this.mustGet(code);
      if (!ALLOWED_FROM[req.status].includes(f.status)) {
        throw new ServiceError('transition-not-allowed', `a file that is "${f.status}" cannot become "${req.status}"`);
      }
      const reason = req.reason ?? null;
      const base = { status_at: now };
      let change: FileChange;
      let ev: EventInput;
      let sms: { kind: SmsKind; vars: Record<string, string>; held?: boolean } | null = null;
      switch (req.status) {
        case 'supplement':
          change = { ...base, status: 'supplement', supplement_reason: reason };
          ev = { kind: 'supplement', from: f.status, to: 'supplement', reason };
          sms = { kind: 'supplement', vars: { reason: reason! } };
          break;
        case 'received': {
          // the supplement was delivered: the legal time starts again from now, unless staff set the date
          const due = req.newDueDate ?? appointmentDay(now, f.processing_days, this.d.procedures.calendar());
          if (due < today) throw new ServiceError('bad-date', 'the new appointment is in the past');
          change = { ...base, status: 'received', supplement_reason: null, due_date: due };
          ev = { kind: 'resumed', from: f.status, to: 'received', reason, oldDueDate: f.due_date, newDueDate: due };
          if (this.d.smsOnReceived) sms = { kind: 'received', vars: { appointmentDate: dayVi(due) } };
          break;
        }
        case 'ready':
          change = { ...base, status: 'ready', ready_at: now };
          ev = { kind: 'ready', from: f.status, to: 'ready', reason };
          sms = { kind: 'ready', vars: {}, held: true };
          break;
        case 'returned': {
          if (req.counterId !== undefined && !this.d.counters.get(req.counterId)) throw new ServiceError('counter-not-found', req.counterId);
          const counterId = (actor.kind === 'user' ? actor.counterId : null) ?? req.counterId ?? f.counter_id;
          change = { ...base, status: 'returned', closed_at: now };
          ev = { kind: 'returned', from: f.status, to: 'returned', reason, counterId };
          returnedAt = counterId;
          if (counterId) this.store.invite(counterId, f.id, actor.kind === 'user' ? actor.userId : null, now);
          break;
        }
        case 'rejected':
        case 'withdrawn':
          change = { ...base, status: req.status, closed_at: now };
          ev = { kind: req.status, from: f.status, to: req.status, reason };
          break;
        case 'late': {
          // apology with a new appointment (Phiếu xin lỗi và hẹn lại ngày trả kết quả); the status stays
          const due = req.newDueDate!;
          if (due <= f.due_date || due < today) throw new ServiceError('bad-date', `the new date must be after ${f.due_date} and not in the past`);
          change = { due_date: due, apologies: f.apologies + 1 };
          ev = { kind: 'apology', from: f.status, to: f.status, reason, oldDueDate: f.due_date, newDueDate: due };
          sms = { kind: 'apology', vars: { reason: reason!, newDate: dayVi(due) } };
          break;
        }
      }
      if (!this.store.update(f.id, f.status, change)) throw new ServiceError('transition-not-allowed', 'the file changed meanwhile; try again');
      if (sms) this.sms(sms.kind, f, sms.vars, sms.held ? now + this.undoWindowMs() : undefined);
      this.store.insertEvent(this.event(f, actor, now, ev));
      return this.store.byId(f.id)!;
    });

    this.d.log.info({ fileId: row.id, to: req.status, by: actor.name }, 'file changed');
    if (returnedAt) {
      this.d.bus.emit('file:returned', { fileId: row.id, counterId: returnedAt, staffId: actor.kind === 'user' ? actor.userId : null, procedureCode: row.procedure_code });
    }
    const view = this.view(row);
    const step = req.status === 'ready' || req.status === 'returned' ? req.status : null;
    return step && this.undoWindowMs() > 0 ? { ...view, undo: { step, leftMs: this.undoWindowMs() } } : view;
  }

  // ---- undo (issue 14 §2) ----

  private undoWindowMs(): number {
    return this.d.undoWindowMs?.() ?? 0;
  }

  /**
   * The clerk's "Hoàn tác": within the undo window after "ready" or "returned", the file goes back to its previous
   * status, the message that step wrote (still held) is cancelled, and the undo is a history row of its own (so the
   * audit log shows both). Refused with `nothing-to-undo` when that step is not the file's latest, and with
   * `undo-window-closed` once the window is over or its message has reached a gateway.
   */
  undo(code: string, body: unknown, actor: Actor): FileView {
    const { step } = parseOr(undoRequest, body, 'body');
    const now = this.d.clock.now();
    const row = this.store.transaction(() => {
      const f = this.mustGet(code);
      const last = this.store.latestEvent(f.id);
      if (!last || last.kind !== step || f.status !== step || !last.from_status) throw new ServiceError('nothing-to-undo', `the file's latest step is not "${step}"`);
      if (now >= last.at + this.undoWindowMs()) throw new ServiceError('undo-window-closed', `"${step}" can be undone for ${Math.round(this.undoWindowMs() / 1000)} s only`);
      const held = this.d.sms?.cancelHeld?.(f.id, last.at) ?? { cancelled: 0, gone: 0 };
      if (held.gone > 0) throw new ServiceError('undo-window-closed', 'the message of this step has already gone to the SMS gateway');
      const back = this.undoChange(f, step, now);
      if (!this.store.update(f.id, f.status, back)) throw new ServiceError('transition-not-allowed', 'the file changed meanwhile; try again');
      this.store.insertEvent(this.event(f, actor, now, { kind: 'undone', from: f.status, to: last.from_status, reason: step, counterId: last.counter_id }));
      return this.store.byId(f.id)!;
    });
    this.d.log.info({ fileId: row.id, step, by: actor.name }, 'file step undone');
    return this.view(row);
  }

  /** What reverses `step`; a return also takes back the rating invitation it made, if no rating has used it yet. */
  private undoChange(f: FileRow, step: UndoableStep, now: number): FileChange {
    if (step === 'ready') return { status: 'received', status_at: now, ready_at: null };
    for (const counterId of [f.counter_id, ...this.store.invitedCounters(f.id)]) {
      if (counterId && this.store.pendingInvite(counterId)?.file_id === f.id) this.store.dropInvite(counterId);
    }
    return { status: 'ready', status_at: now, closed_at: null };
  }

  private event(f: FileRow, actor: Actor, at: number, e: EventInput): FileEventRow {
    return {
      file_id: f.id,
      at,
      kind: e.kind,
      from_status: e.from,
      to_status: e.to,
      user_id: actor.kind === 'user' ? actor.userId : null,
      token_id: actor.kind === 'token' ? actor.tokenId : null,
      actor: actor.name,
      counter_id: e.counterId !== undefined ? e.counterId : actor.kind === 'user' ? actor.counterId : null,
      reason: e.reason ?? null,
      old_due_date: e.oldDueDate ?? null,
      new_due_date: e.newDueDate ?? null,
    };
  }

  /**
   * The optional reminder SMS: files ready for `afterDays` local days or more and not collected get one reminder each
   * (recorded in their history). For a daily job; running it twice reminds nobody twice. Returns how many.
   */
  sendReminders(afterDays: number): number {
    if (!Number.isInteger(afterDays) || afterDays < 1) throw new ServiceError('invalid-payload', 'afterDays must be a whole number ≥ 1');
    const now = this.d.clock.now();
    const { start } = dayBounds(addDays(this.today(), 1 - afterDays));
    const n = this.store.transaction(() => {
      const due = this.store.readyNotReminded(start);
      for (const f of due) {
        if (f.phone === '') continue; // nobody to remind by SMS
        if (!this.store.update(f.id, 'ready', { reminded_at: now })) continue;
        this.sms('reminder', f, {});
        this.store.insertEvent(this.event(f, HUB, now, { kind: 'reminder', from: 'ready', to: 'ready', counterId: null }));
      }
      return due.length;
    });
    if (n > 0) this.d.log.info({ files: n }, 'reminders queued');
    return n;
  }

  /** Into the outbox, inside the caller's transaction. No SMS feature wired: nothing to write. */
  private sms(kind: SmsKind, f: FileRow, vars: Record<string, string>, notBefore?: number): void {
    // no SMS feature wired, or a citizen without a mobile (or whose number retention has removed)
    if (!this.d.sms || f.phone === '') return;
    // a kind the admin switched off writes nothing (it used to leave a "cancelled" row in the SMS log)
    if (this.d.sms.isEnabled && !this.d.sms.isEnabled(kind)) return;
    this.d.sms.enqueue({
      ...(notBefore !== undefined && notBefore > this.d.clock.now() ? { notBefore } : {}),
      kind,
      fileId: f.id,
      to: f.phone,
      vars: { ...this.fileVars(f), communeName: this.d.communeName, ...vars },
    });
  }

  /** What a message about this file says of it; `appointmentTime` only when the file has a time of return. */
  private fileVars(f: FileRow): Record<string, string> {
    return { fileCode: f.code, procedure: this.smsName(f), appointmentDate: dayVi(f.due_date), ...(f.due_time ? { appointmentTime: f.due_time } : {}) };
  }

  /** The procedure's short name for messages (docs/sms.md); the file's own name, shortened, if it is gone. */
  private smsName(f: FileRow): string {
    try {
      return this.d.procedures.get(f.procedure_code).smsName;
    } catch {
      return deriveSmsName(f.procedure_name);
    }
  }

  /** How long the clerk's reason may be in this file's supplement or apology SMS (the counter page counts it down). */
  smsRoom(code: string, kind: unknown): SmsReasonRoom {
    if (kind !== 'supplement' && kind !== 'apology') throw new ServiceError('invalid-payload', 'kind is supplement or apology');
    const f = this.mustGet(code);
    const vars = { ...this.fileVars(f), newDate: dayVi(f.due_date) };
    const r = this.d.sms?.reasonRoom?.(kind, vars) ?? { enabled: false, keepAccents: false, room: 0 };
    return { kind, ...r, enabled: r.enabled && !!this.d.sms && f.phone !== '' };
  }

  /** For the SMS worker, right before sending: is the message still true? */
  stillTrue(kind: SmsKind, fileId: string): boolean {
    const status = this.store.status(fileId);
    if (!status) return false;
    switch (kind) {
      case 'ready':
      case 'reminder':
        return status === 'ready';
      case 'supplement':
        return status === 'supplement';
      case 'apology':
        return status === 'received';
      case 'received':
        return status === 'received' || status === 'supplement' || status === 'ready';
      default:
        return true;
    }
  }
}
