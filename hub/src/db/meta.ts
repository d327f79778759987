import type { Db } from './open.js';

/**
 * The `settings` table (migration 1): small facts the hub keeps about itself, one key each, JSON or plain text.
 * db/ owns the table; a feature owns its keys (settings/ the "admin." rows, sms/ its callback secret, procedures/
 * the first start's seeding) and reaches them only through this store, never by SQL of its own.
 */
export class MetaStore {
  constructor(private readonly db: Db) {}

  get(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  /** Every row whose key starts with `prefix`, the prefix removed. */
  withPrefix(prefix: string): { key: string; value: string }[] {
    const rows = this.db.prepare('SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?').all(prefix.length, prefix) as { key: string; value: string }[];
    return rows.map((r) => ({ key: r.key.slice(prefix.length), value: r.value }));
  }

  put(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Writes the value unless the key exists; returns the value now stored (the first writer's). */
  putIfAbsent(key: string, value: string): string {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING').run(key, value);
    return this.get(key)!;
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }
}
