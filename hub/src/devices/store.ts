import type { Db } from '../db/open.js';
import { statementCache } from '../db/statements.js';

export interface DeviceRow {
  id: string;
  counter_id: string;
  kind: 'agent' | 'kiosk';
  label: string | null;
  token_hash: string;
  buttons: number;
  button_map: string;
  min_interval_s: number;
  created_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
  box_state: string | null;
}

export interface PairingCodeRow {
  code_hash: string;
  counter_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  device_id: string | null;
}

export class DeviceStore {
  /** statements prepared once (a device is looked up at every connection, touched after its ratings) */
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(private readonly db: Db) {
    this.stmt = statementCache(db);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  insertCode(r: PairingCodeRow): void {
    this.stmt('INSERT INTO pairing_codes (code_hash, counter_id, created_at, expires_at, used_at, device_id) VALUES (@code_hash, @counter_id, @created_at, @expires_at, @used_at, @device_id)')
      .run(r);
  }

  code(hash: string): PairingCodeRow | undefined {
    return this.stmt('SELECT * FROM pairing_codes WHERE code_hash = ?').get(hash) as PairingCodeRow | undefined;
  }

  /** Marks a code used only if it still is unused: two devices racing for one code cannot both win. */
  useCode(hash: string, at: number, deviceId: string): boolean {
    return this.stmt('UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE code_hash = ? AND used_at IS NULL').run(at, deviceId, hash).changes === 1;
  }

  insert(d: DeviceRow): void {
    this.stmt(
        `INSERT INTO devices (id, counter_id, kind, label, token_hash, buttons, button_map, min_interval_s, created_at, revoked_at, last_seen_at, box_state)
         VALUES (@id, @counter_id, @kind, @label, @token_hash, @buttons, @button_map, @min_interval_s, @created_at, @revoked_at, @last_seen_at, @box_state)`,
      )
      .run(d);
  }

  get(id: string): DeviceRow | undefined {
    return this.stmt('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined;
  }

  byTokenHash(hash: string): DeviceRow | undefined {
    return this.stmt('SELECT * FROM devices WHERE token_hash = ?').get(hash) as DeviceRow | undefined;
  }

  list(): DeviceRow[] {
    return this.stmt('SELECT * FROM devices ORDER BY counter_id, created_at').all() as DeviceRow[];
  }

  revoke(id: string, at: number): boolean {
    return this.stmt('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
  }

  update(id: string, fields: { label?: string; buttons?: number; button_map?: string; min_interval_s?: number }): void {
    const sets = Object.keys(fields).map((k) => `${k} = @${k}`);
    if (sets.length === 0) return;
    this.stmt(`UPDATE devices SET ${sets.join(', ')} WHERE id = @id`).run({ ...fields, id });
  }

  touch(id: string, at: number, day: string): void {
    this.stmt('UPDATE devices SET last_seen_at = MAX(COALESCE(last_seen_at, 0), ?) WHERE id = ?').run(at, id);
    this.stmt('INSERT OR IGNORE INTO device_days (device_id, day) VALUES (?, ?)').run(id, day);
  }

  saveBoxState(id: string, state: string): void {
    this.stmt('UPDATE devices SET box_state = ? WHERE id = ?').run(state, id);
  }
}
