import {
  daySchema,
  deriveSmsName,
  holidayInput,
  procedureInput,
  procedureUpdate,
  type Clock,
  type HolidayView,
  type ProcedureInput,
  type ProcedureView,
  type WorkCalendar,
} from '@onestop/shared';
import type { Db } from '../db/open.js';
import { MetaStore } from '../db/meta.js';
import { ServiceError } from '../http/errors.js';
import { parseProcedureCsv } from './csv.js';
import { ProcedureStore, type ProcedureRow } from './store.js';
import { DEMO_HOLIDAYS, DEMO_PROCEDURES } from './demo-data.js';
import { parseOr } from '../http/parse.js';

const toView = (r: ProcedureRow): ProcedureView => ({
  code: r.code,
  name: r.name,
  field: r.field,
  processingDays: r.processing_days,
  fee: r.fee,
  documents: parseDocuments(r.documents),
  active: r.active === 1,
  smsName: r.sms_name ?? deriveSmsName(r.name),
  smsNameDerived: r.sms_name === null,
});

/** The stored list; a cell that is not a list of strings (never written by this code) reads as none. */
function parseDocuments(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

/** The procedure catalogue (thủ tục) and the calendar of days off that appointment dates skip. */
export class ProcedureService {
  private readonly store: ProcedureStore;
  private readonly meta: MetaStore;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.store = new ProcedureStore(db);
    this.meta = new MetaStore(db);
  }

  /**
   * At a hub's first start, Vietnam's days off for this year and the next (see demo-data.ts), so appointment dates
   * skip Tết from day one. Done once per data directory: a holiday the admin deleted does not come back.
   */
  seedHolidaysOnce(): boolean {
    return this.store.transaction(() => {
      if (this.meta.get('holidays_seeded') !== undefined) return false;
      for (const h of DEMO_HOLIDAYS) this.store.upsertHoliday(h, true);
      this.meta.put('holidays_seeded', String(this.clock.now()));
      return true;
    });
  }

  list(opts: { includeInactive?: boolean } = {}): ProcedureView[] {
    return this.store.list(opts.includeInactive ?? false).map(toView);
  }

  get(code: string): ProcedureView {
    const r = this.store.get(code);
    if (!r) throw new ServiceError('procedure-not-found', code);
    return toView(r);
  }

  create(body: unknown): ProcedureView {
    const parsed = parseOr(procedureInput, body, 'body');
    if (this.store.get(parsed.code)) throw new ServiceError('duplicate-code', `procedure ${parsed.code} exists`);
    this.store.insert(this.row(parsed));
    return this.get(parsed.code);
  }

  /** Creates or replaces (PUT): loading a province's catalogue twice gives the same catalogue. */
  put(code: string, body: unknown): { view: ProcedureView; created: boolean } {
    const parsed = parseOr(procedureInput, { ...(body && typeof body === 'object' ? body : {}), code }, 'body');
    const created = this.store.transaction(() => this.upsert(parsed));
    return { view: this.get(parsed.code), created };
  }

  update(code: string, body: unknown): ProcedureView {
    const parsed = parseOr(procedureUpdate, body, 'body');
    if (!this.store.get(code)) throw new ServiceError('procedure-not-found', code);
    const { name, field, processingDays, fee, documents, active, smsName } = parsed;
    this.store.update(code, {
      ...(name !== undefined ? { name } : {}),
      ...(field !== undefined ? { field } : {}),
      ...(processingDays !== undefined ? { processing_days: processingDays } : {}),
      ...(fee !== undefined ? { fee } : {}),
      ...(documents !== undefined ? { documents: JSON.stringify(documents) } : {}),
      ...(active !== undefined ? { active: active ? 1 : 0 } : {}),
      ...(smsName !== undefined ? { sms_name: smsName } : {}),
      updated_at: this.clock.now(),
    });
    return this.get(code);
  }

  /** The CSV import: every row valid, or nothing imported. Existing codes are updated. */
  importCsv(text: unknown): { created: number; updated: number } {
    if (typeof text !== 'string' || text.trim() === '') throw new ServiceError('invalid-csv', 'send the CSV as the body, Content-Type: text/csv');
    const r = parseProcedureCsv(text);
    if (!r.ok) throw new ServiceError('invalid-csv', r.errors.join('\n'));
    return this.store.transaction(() => {
      let created = 0;
      for (const p of r.procedures) if (this.upsert(p)) created++;
      return { created, updated: r.procedures.length - created };
    });
  }

  private row(p: ProcedureInput): ProcedureRow {
    const now = this.clock.now();
    return { code: p.code, name: p.name, field: p.field, processing_days: p.processingDays, fee: p.fee ?? null, documents: JSON.stringify(p.documents ?? []), active: 1, sms_name: p.smsName ?? null, created_at: now, updated_at: now };
  }

  /** A row without documents (a five-column CSV) keeps the papers already listed. */
  private upsert(p: ProcedureInput): boolean {
    if (this.store.insert(this.row(p), true)) return true;
    this.store.update(p.code, {
      name: p.name,
      field: p.field,
      processing_days: p.processingDays,
      fee: p.fee ?? null,
      ...(p.documents !== undefined ? { documents: JSON.stringify(p.documents) } : {}),
      // a short name is kept unless the import gives one (a province's catalogue has none)
      ...(p.smsName !== undefined ? { sms_name: p.smsName } : {}),
      active: 1,
      updated_at: this.clock.now(),
    });
    return false;
  }

  /**
   * The active procedure whose short name for messages is longest (ties: the first by field and name): the worst case
   * the template editor previews. Undefined when there is none.
   */
  longestSmsName(): ProcedureView | undefined {
    let best: ProcedureView | undefined;
    for (const p of this.list()) if (!best || p.smsName.length > best.smsName.length) best = p;
    return best;
  }

  // ---- the calendar ----

  /** The days off and worked weekend days that appointment arithmetic needs. */
  calendar(): WorkCalendar {
    const holidays = new Set<string>();
    const workingWeekendDays = new Set<string>();
    for (const h of this.store.holidays()) (h.kind === 'off' ? holidays : workingWeekendDays).add(h.date);
    return { holidays, workingWeekendDays };
  }

  holidays(year?: number): HolidayView[] {
    return year ? this.store.holidays(`${year}-01-01`, `${year}-12-31`) : this.store.holidays();
  }

  setHoliday(body: unknown): HolidayView {
    const parsed = parseOr(holidayInput, body, 'body');
    this.store.upsertHoliday(parsed);
    return parsed;
  }

  deleteHoliday(date: string): void {
    if (!daySchema.safeParse(date).success) throw new ServiceError('bad-date', 'date must be YYYY-MM-DD');
    if (!this.store.deleteHoliday(date)) throw new ServiceError('not-found', `no holiday on ${date}`);
  }

  /** Demo content: common commune procedures and Vietnam's days off. Idempotent; never overwrites an admin's edit. */
  seedDemo(): void {
    this.store.transaction(() => {
      for (const p of DEMO_PROCEDURES) this.store.insert(this.row(p), true);
      for (const h of DEMO_HOLIDAYS) this.store.upsertHoliday(h, true);
    });
  }
}
