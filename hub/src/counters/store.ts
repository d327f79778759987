import type { Db } from '../db/open.js';
import { statementCache } from '../db/statements.js';

export interface CounterRow {
  id: string;
  name: string;
  buttons: number;
  min_interval_s: number;
  created_at: number;
}

export class CounterStore {
  /** statements prepared once (a counter is read at every pairing and by the alerts after each burst) */
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(private readonly db: Db) {
    this.stmt = statementCache(db);
  }

  insert(c: CounterRow): void {
    this.stmt('INSERT INTO counters (id, name, buttons, min_interval_s, created_at) VALUES (@id, @name, @buttons, @min_interval_s, @created_at)')
      .run(c);
  }

  update(id: string, patch: Partial<Pick<CounterRow, 'name' | 'buttons' | 'min_interval_s'>>): void {
    const sets = Object.keys(patch).map((k) => `${k} = @${k}`);
    if (sets.length) this.stmt(`UPDATE counters SET ${sets.join(', ')} WHERE id = @id`).run({ ...patch, id });
  }

  get(id: string): CounterRow | undefined {
    return this.stmt('SELECT * FROM counters WHERE id = ?').get(id) as CounterRow | undefined;
  }

  byName(name: string): CounterRow | undefined {
    return this.stmt('SELECT * FROM counters WHERE name = ?').get(name) as CounterRow | undefined;
  }

  list(): CounterRow[] {
    return this.stmt('SELECT * FROM counters ORDER BY name').all() as CounterRow[];
  }
}
