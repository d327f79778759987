import type { Db } from './open.js';
import { openSetting, sealSetting } from './sealed.js';

/**
 * The `settings` table (migration 1): small facts the hub keeps about itself, one key each, JSON or plain text.
 * db/ owns the table; a feature owns its keys (settings/ the "admin." rows, sms/ its callback secret, procedures/
 * the first start's seeding) and reaches them only through this store, never by SQL of its own.
 * The secret rows (db/sealed.ts) are sealed on write and opened on read here, so the features see clear values and
 * the file never holds them; a sealed value the key file no longer opens reads as absent.
 */
export class MetaStore {
  constructor(private readonly db: Db) {}

  get(key: string): string | undefined {
    const stored = (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
    return stored === undefined ? undefined : openSetting(this.db, stored);
  }

  /** Every row whose key starts with `prefix`, the prefix removed (a sealed one its key file does not open is left out). */
  withPrefix(prefix: string): { key: string; value: string }[] {
    const rows = this.db.prepare('SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?').all(prefix.length, prefix) as { key: string; value: string }[];
    return rows.flatMap((r) => {
      const value = openSetting(this.db, r.value);
      return value === undefined ? [] : [{ key: r.key.slice(prefix.length), value }];
    });
  }

  put(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, sealSetting(this.db, key, value));
  }

  /**
   * Writes the value unless the key exists; returns the value now stored (the first writer's). A sealed value the
   * key file cannot open any more counts as absent and is replaced.
   */
  putIfAbsent(key: string, value: string): string {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING').run(key, sealSetting(this.db, key, value));
    const now = this.get(key);
    if (now !== undefined) return now;
    this.put(key, value);
    return value;
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }
}
