import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import type { Clock } from '@onestop/shared';
import type { Db } from '../db/open.js';
import { hashSecret } from '../devices/tokens.js';

/**
 * The temporary admin login of this stage: one password, generated at first start (printed once) or set in the
 * config. Real accounts and roles replace it later. The password is kept as a scrypt hash, the session as a
 * SHA-256 of a random cookie value.
 */
export const ADMIN_COOKIE = 'hub_admin';
const SESSION_MS = 12 * 3600 * 1000;

export class AdminAuth {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Ensures an admin password exists. Returns the new password when one was generated now, to print once. */
  ensurePassword(fixed?: string): string | null {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = 'admin_password'").get() as { value: string } | undefined;
    if (fixed) {
      if (!row || !this.verify(fixed)) this.setPassword(fixed);
      return null;
    }
    if (row) return null;
    const pw = randomBytes(9).toString('base64url');
    this.setPassword(pw);
    return pw;
  }

  setPassword(pw: string): void {
    const salt = randomBytes(16);
    const hash = scryptSync(pw, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const value = `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
    this.db.prepare("INSERT INTO settings (key, value) VALUES ('admin_password', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(value);
  }

  verify(pw: string): boolean {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = 'admin_password'").get() as { value: string } | undefined;
    if (!row) return false;
    const [, saltHex, hashHex] = row.value.split('$');
    const expected = Buffer.from(hashHex!, 'hex');
    const got = scryptSync(pw, Buffer.from(saltHex!, 'hex'), expected.length, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    return timingSafeEqual(expected, got);
  }

  login(pw: string): string | null {
    if (!this.verify(pw)) return null;
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    this.db.prepare('DELETE FROM admin_sessions WHERE expires_at < ?').run(now);
    this.db.prepare('INSERT INTO admin_sessions (token_hash, created_at, expires_at) VALUES (?, ?, ?)').run(hashSecret(token), now, now + SESSION_MS);
    return token;
  }

  logout(token: string): void {
    this.db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?').run(hashSecret(token));
  }

  isValid(token: string | undefined): boolean {
    if (!token) return false;
    const row = this.db.prepare('SELECT expires_at FROM admin_sessions WHERE token_hash = ?').get(hashSecret(token)) as { expires_at: number } | undefined;
    return !!row && row.expires_at > this.clock.now();
  }

  /** express middleware: 401 with a reason code unless the admin cookie is valid. */
  require() {
    return (req: Request, res: Response, next: NextFunction) => {
      if (this.isValid(readCookie(req.headers.cookie, ADMIN_COOKIE))) return next();
      res.status(401).json({ ok: false, reason: 'unauthorized' });
    };
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}
