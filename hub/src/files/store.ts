import type Database from 'better-sqlite3';
import type { Db } from '../db/open.js';
import type { FileEventKind, FileStatus } from '@onestop/shared';

export interface FileRow {
  id: string;
  code: string;
  procedure_code: string;
  procedure_name: string;
  processing_days: number;
  citizen_name: string;
  name_folded: string;
  phone: string;
  counter_id: string | null;
  received_by: string | null;
  received_token: string | null;
  received_at: number;
  due_date: string;
  status: FileStatus;
  status_at: number;
  supplement_reason: string | null;
  apologies: number;
  ready_at: number | null;
  closed_at: number | null;
  late_since: string | null;
  reminded_at: number | null;
  created_at: number;
  citizen_address: string | null;
  /** JSON array of { name, copies } */
  documents_received: string | null;
  due_time: string | null;
}

export interface FileEventRow {
  id?: number;
  file_id: string;
  at: number;
  kind: FileEventKind;
  from_status: FileStatus | null;
  to_status: FileStatus;
  user_id: string | null;
  token_id: string | null;
  actor: string | null;
  counter_id: string | null;
  reason: string | null;
  old_due_date: string | null;
  new_due_date: string | null;
}

export type FileChange = Partial<Pick<FileRow, 'status' | 'status_at' | 'due_date' | 'supplement_reason' | 'apologies' | 'ready_at' | 'closed_at' | 'late_since' | 'reminded_at'>>;

const LIST_LIMIT = 200;

/** SQL of files, their history and the rating invitations of returned files. */
export class FileStore {
  constructor(readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  insert(f: FileRow): void {
    this.db
      .prepare(
        `INSERT INTO files (id, code, procedure_code, procedure_name, processing_days, citizen_name, name_folded, phone, counter_id, received_by,
           received_token, received_at, due_date, status, status_at, supplement_reason, apologies, ready_at, closed_at, late_since, reminded_at, created_at, citizen_address, documents_received, due_time)
         VALUES (@id, @code, @procedure_code, @procedure_name, @processing_days, @citizen_name, @name_folded, @phone, @counter_id, @received_by,
           @received_token, @received_at, @due_date, @status, @status_at, @supplement_reason, @apologies, @ready_at, @closed_at, @late_since, @reminded_at, @created_at, @citizen_address, @documents_received, @due_time)`,
      )
      .run(f);
  }

  byCode(code: string): FileRow | undefined {
    return this.db.prepare('SELECT * FROM files WHERE code = ?').get(code) as FileRow | undefined;
  }

  byId(id: string): FileRow | undefined {
    return this.db.prepare('SELECT * FROM files WHERE id = ?').get(id) as FileRow | undefined;
  }

  status(id: string): FileStatus | undefined {
    return (this.db.prepare('SELECT status FROM files WHERE id = ?').get(id) as { status: FileStatus } | undefined)?.status;
  }

  /** Applies a change only if the file is still in the status it was read in: two counters cannot both move it. */
  update(id: string, expected: FileStatus, change: FileChange): boolean {
    const sets = Object.keys(change).map((k) => `${k} = @${k}`);
    return this.db.prepare(`UPDATE files SET ${sets.join(', ')} WHERE id = @id AND status = @expected`).run({ ...change, id, expected }).changes === 1;
  }

  insertEvent(e: FileEventRow): void {
    this.db
      .prepare(
        `INSERT INTO file_events (file_id, at, kind, from_status, to_status, user_id, token_id, actor, counter_id, reason, old_due_date, new_due_date)
         VALUES (@file_id, @at, @kind, @from_status, @to_status, @user_id, @token_id, @actor, @counter_id, @reason, @old_due_date, @new_due_date)`,
      )
      .run(e);
  }

  events(fileId: string): FileEventRow[] {
    return this.db.prepare('SELECT * FROM file_events WHERE file_id = ? ORDER BY id').all(fileId) as FileEventRow[];
  }

  /** The file's latest history row, whatever its kind (the step an undo would reverse). */
  latestEvent(fileId: string): FileEventRow | undefined {
    return this.db.prepare('SELECT * FROM file_events WHERE file_id = ? ORDER BY id DESC LIMIT 1').get(fileId) as FileEventRow | undefined;
  }

  lastEvent(fileId: string, kind: FileEventKind): FileEventRow | undefined {
    return this.db.prepare('SELECT * FROM file_events WHERE file_id = ? AND kind = ? ORDER BY id DESC LIMIT 1').get(fileId, kind) as FileEventRow | undefined;
  }

  /**
   * Marks files that went past their appointment day without being ready: late from the day after it. Run before
   * every change and every read of lists and figures, so the day recorded is the right one whenever it runs.
   */
  sweepLate(today: string): void {
    this.db.prepare("UPDATE files SET late_since = date(due_date, '+1 day') WHERE late_since IS NULL AND status = 'received' AND due_date < ?").run(today);
  }

  codesWithPrefix(prefix: string): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM files WHERE code LIKE ? ESCAPE '\\'").get(prefix.replace(/[\\%_]/g, '\\$&') + '%') as { n: number }).n;
  }

  // ---- lists ----

  receivedBetween(start: number, end: number): FileRow[] {
    return this.db.prepare('SELECT * FROM files WHERE received_at >= ? AND received_at < ? ORDER BY received_at DESC LIMIT ?').all(start, end, LIST_LIMIT) as FileRow[];
  }

  openDueBetween(fromDay: string, toDay: string): FileRow[] {
    return this.db
      .prepare("SELECT * FROM files WHERE status = 'received' AND due_date >= ? AND due_date <= ? ORDER BY due_date, received_at LIMIT ?")
      .all(fromDay, toDay, LIST_LIMIT) as FileRow[];
  }

  overdue(today: string): FileRow[] {
    return this.db.prepare("SELECT * FROM files WHERE status = 'received' AND due_date < ? ORDER BY due_date, received_at LIMIT ?").all(today, LIST_LIMIT) as FileRow[];
  }

  inStatus(status: FileStatus): FileRow[] {
    return this.db.prepare('SELECT * FROM files WHERE status = ? ORDER BY status_at LIMIT ?').all(status, LIST_LIMIT) as FileRow[];
  }

  /** Any of: this exact phone (E.164), phones LIKE a pattern, codes LIKE a pattern, folded names LIKE a pattern. */
  search(q: { phone: string | null; phoneLike: string | null; codeLike: string; nameLike: string | null }): FileRow[] {
    return this.db
      .prepare(
        `SELECT * FROM files WHERE
           (@phone IS NOT NULL AND phone = @phone)
           OR (@phoneLike IS NOT NULL AND phone LIKE @phoneLike ESCAPE '\\')
           OR code LIKE @codeLike ESCAPE '\\'
           OR (@nameLike IS NOT NULL AND name_folded LIKE @nameLike ESCAPE '\\')
         ORDER BY received_at DESC LIMIT 50`,
      )
      .all(q) as FileRow[];
  }

  /** Ready files not collected, made ready before `before`, not yet reminded. */
  readyNotReminded(before: number): FileRow[] {
    return this.db.prepare("SELECT * FROM files WHERE status = 'ready' AND reminded_at IS NULL AND ready_at < ? ORDER BY ready_at").all(before) as FileRow[];
  }

  // ---- rating invitations ----

  invite(counterId: string, fileId: string, staffId: string | null, at: number): void {
    this.db
      .prepare(
        `INSERT INTO rating_invites (counter_id, file_id, staff_id, invited_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(counter_id) DO UPDATE SET file_id = excluded.file_id, staff_id = excluded.staff_id, invited_at = excluded.invited_at`,
      )
      .run(counterId, fileId, staffId, at);
  }

  private pendingInviteStmt: Database.Statement | null = null;

  /** Asked for every stored rating (inside the ratings batch), so its statement is prepared once. */
  pendingInvite(counterId: string): { file_id: string; staff_id: string | null; invited_at: number } | undefined {
    this.pendingInviteStmt ??= this.db.prepare('SELECT file_id, staff_id, invited_at FROM rating_invites WHERE counter_id = ?');
    return this.pendingInviteStmt.get(counterId) as
      | { file_id: string; staff_id: string | null; invited_at: number }
      | undefined;
  }

  /** Counters whose pending rating invitation is for this file. */
  invitedCounters(fileId: string): string[] {
    return (this.db.prepare('SELECT counter_id FROM rating_invites WHERE file_id = ?').all(fileId) as { counter_id: string }[]).map((r) => r.counter_id);
  }

  dropInvite(counterId: string): void {
    this.db.prepare('DELETE FROM rating_invites WHERE counter_id = ?').run(counterId);
  }
}
