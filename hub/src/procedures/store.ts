import type { Db } from '../db/open.js';

export interface ProcedureRow {
  code: string;
  name: string;
  field: string;
  processing_days: number;
  fee: number | null;
  /** JSON array of strings: thành phần hồ sơ */
  documents: string;
  active: 0 | 1;
  /** the admin's short name for messages; null: derived (migration 12) */
  sms_name: string | null;
  created_at: number;
  updated_at: number;
}

export interface HolidayRow {
  date: string;
  name: string;
  kind: 'off' | 'work';
}

/** SQL of the procedure catalogue and the holiday calendar. */
export class ProcedureStore {
  constructor(readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  list(includeInactive: boolean): ProcedureRow[] {
    return this.db.prepare(`SELECT * FROM procedures ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY field, name`).all() as ProcedureRow[];
  }

  get(code: string): ProcedureRow | undefined {
    return this.db.prepare('SELECT * FROM procedures WHERE code = ?').get(code) as ProcedureRow | undefined;
  }

  insert(p: ProcedureRow, ignoreExisting = false): boolean {
    return (
      this.db
        .prepare(
          `INSERT ${ignoreExisting ? 'OR IGNORE' : ''} INTO procedures (code, name, field, processing_days, fee, documents, active, sms_name, created_at, updated_at)
           VALUES (@code, @name, @field, @processing_days, @fee, @documents, @active, @sms_name, @created_at, @updated_at)`,
        )
        .run(p).changes === 1
    );
  }

  update(code: string, fields: Partial<Omit<ProcedureRow, 'code' | 'created_at'>>): void {
    const sets = Object.keys(fields).map((k) => `${k} = @${k}`);
    if (sets.length === 0) return;
    this.db.prepare(`UPDATE procedures SET ${sets.join(', ')} WHERE code = @code`).run({ ...fields, code });
  }

  holidays(from = '0000-00-00', to = '9999-99-99'): HolidayRow[] {
    return this.db.prepare('SELECT * FROM holidays WHERE date >= ? AND date <= ? ORDER BY date').all(from, to) as HolidayRow[];
  }

  upsertHoliday(h: HolidayRow, ignoreExisting = false): void {
    this.db
      .prepare(
        ignoreExisting
          ? 'INSERT OR IGNORE INTO holidays (date, name, kind) VALUES (@date, @name, @kind)'
          : 'INSERT INTO holidays (date, name, kind) VALUES (@date, @name, @kind) ON CONFLICT(date) DO UPDATE SET name = excluded.name, kind = excluded.kind',
      )
      .run(h);
  }

  deleteHoliday(date: string): boolean {
    return this.db.prepare('DELETE FROM holidays WHERE date = ?').run(date).changes === 1;
  }
}
