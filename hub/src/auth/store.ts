import type Database from 'better-sqlite3';
import type { Db } from '../db/open.js';

const HAS_PHOTO = 'EXISTS (SELECT 1 FROM user_photos p WHERE p.user_id = u.id) AS has_photo';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: 'admin' | 'staff';
  password_hash: string;
  /** chức danh (migration 12); null when none */
  title?: string | null;
  /** 1 when a photo is kept (user_photos); only read by user() and users() */
  has_photo?: 0 | 1;
  created_at: number;
  password_changed_at: number;
  disabled_at: number | null;
}

export interface SessionRow {
  id: string;
  token_hash: string;
  user_id: string;
  counter_id: string | null;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

export interface ApiTokenRow {
  id: string;
  name: string;
  token_hash: string;
  created_at: number;
  created_by: string | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** SQL of users, sessions and API tokens. */
export class AuthStore {
  constructor(readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ---- users ----

  countUsers(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  countActiveAdmins(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL").get() as { n: number }).n;
  }

  insertUser(u: UserRow): void {
    this.db
      .prepare(
        `INSERT INTO users (id, username, display_name, role, password_hash, created_at, password_changed_at, disabled_at, title)
         VALUES (@id, @username, @display_name, @role, @password_hash, @created_at, @password_changed_at, @disabled_at, @title)`,
      )
      .run({ title: null, ...u, has_photo: undefined });
  }

  user(id: string): UserRow | undefined {
    return this.db.prepare(`SELECT u.*, ${HAS_PHOTO} FROM users u WHERE id = ?`).get(id) as UserRow | undefined;
  }

  userByName(username: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  }

  users(): UserRow[] {
    return this.db.prepare(`SELECT u.*, ${HAS_PHOTO} FROM users u ORDER BY role, username`).all() as UserRow[];
  }

  setPassword(id: string, hash: string, at: number): void {
    this.db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?').run(hash, at, id);
  }

  setDisabled(id: string, at: number | null): void {
    this.db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(at, id);
  }

  // ---- sessions ----

  insertSession(s: SessionRow): void {
    this.db
      .prepare(
        `INSERT INTO sessions (id, token_hash, user_id, counter_id, created_at, expires_at, last_seen_at, ended_at, end_reason)
         VALUES (@id, @token_hash, @user_id, @counter_id, @created_at, @expires_at, @last_seen_at, @ended_at, @end_reason)`,
      )
      .run(s);
  }

  sessionByTokenHash(hash: string): (SessionRow & { user: UserRow }) | undefined {
    const s = this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(hash) as SessionRow | undefined;
    if (!s) return undefined;
    const user = this.user(s.user_id);
    return user ? { ...s, user } : undefined;
  }

  sessionById(id: string): (SessionRow & { user: UserRow }) | undefined {
    const s = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
    if (!s) return undefined;
    const user = this.user(s.user_id);
    return user ? { ...s, user } : undefined;
  }

  touchSession(id: string, at: number): void {
    this.db.prepare('UPDATE sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ?').run(at, id);
  }

  endSession(id: string, at: number, reason: string): boolean {
    return this.db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL').run(at, reason, id).changes === 1;
  }

  /** Ends every open session of a user; returns the ids ended. */
  endSessionsOf(userId: string, at: number, reason: string, exceptId = ''): string[] {
    const ids = (this.db.prepare('SELECT id FROM sessions WHERE user_id = ? AND ended_at IS NULL AND id <> ?').all(userId, exceptId) as { id: string }[]).map((r) => r.id);
    this.db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE user_id = ? AND ended_at IS NULL AND id <> ?').run(at, reason, userId, exceptId);
    return ids;
  }

  /**
   * The user of the newest session at this counter that was open at that instant: signed in before it, not ended,
   * not past its absolute end, and seen within the idle limit before it.
   */
  private onDutyStmt: Database.Statement | null = null;

  /** Asked for every stored rating (inside the ratings batch), so its statement is prepared once. */
  onDuty(counterId: string, at: number, idleMs: number): string | null {
    const row = (this.onDutyStmt ??= this.db
      .prepare(
        `SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.counter_id = @counterId AND s.created_at <= @at AND (s.ended_at IS NULL OR s.ended_at > @at)
           AND s.expires_at > @at AND s.last_seen_at + @idleMs > @at AND (u.disabled_at IS NULL OR u.disabled_at > @at)
         ORDER BY s.created_at DESC LIMIT 1`,
      ))
      .get({ counterId, at, idleMs }) as { user_id: string } | undefined;
    return row?.user_id ?? null;
  }

  /** Every session on duty at a counter at that instant (open, within its age and idle limits), newest first, with its user. */
  onDutyAt(counterId: string, at: number, idleMs: number): (SessionRow & { username: string; display_name: string })[] {
    return this.db
      .prepare(
        `SELECT s.*, u.username, u.display_name FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.counter_id = @counterId AND s.created_at <= @at AND s.ended_at IS NULL
           AND s.expires_at > @at AND s.last_seen_at + @idleMs > @at AND u.disabled_at IS NULL
         ORDER BY s.created_at DESC`,
      )
      .all({ counterId, at, idleMs }) as (SessionRow & { username: string; display_name: string })[];
  }

  /** Sessions that ended or expired long ago are forgotten; duty history older than that is already in the ratings. */
  purgeSessions(before: number): void {
    this.db.prepare('DELETE FROM sessions WHERE expires_at < ? OR (ended_at IS NOT NULL AND ended_at < ?)').run(before, before);
  }

  // ---- API tokens ----

  insertToken(t: ApiTokenRow): void {
    this.db
      .prepare(
        `INSERT INTO api_tokens (id, name, token_hash, created_at, created_by, last_used_at, revoked_at)
         VALUES (@id, @name, @token_hash, @created_at, @created_by, @last_used_at, @revoked_at)`,
      )
      .run(t);
  }

  tokenByHash(hash: string): ApiTokenRow | undefined {
    return this.db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?').get(hash) as ApiTokenRow | undefined;
  }

  tokens(): ApiTokenRow[] {
    return this.db.prepare('SELECT * FROM api_tokens ORDER BY created_at').all() as ApiTokenRow[];
  }

  revokeToken(id: string, at: number): boolean {
    return this.db.prepare('UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(at, id).changes === 1;
  }

  touchToken(id: string, at: number): void {
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
  }
}
