import { Router } from 'express';
import type { Clock } from '@onestop/shared';
import type { Logger } from '../log.js';
import { handle, parseDayQuery, parseLogin, sendFail } from '../http/routes.js';
import { ServiceError } from '../http/errors.js';
import { ADMIN_COOKIE, readCookie, type AdminAuth } from './auth.js';
import type { LiveService } from '../live/service.js';
import { buildDailySummary } from '../summary/build.js';
import type { Db } from '../db/open.js';

/** Failed logins per address: after 5 in 15 minutes, wait. A brute-force guard until real accounts arrive. */
class LoginThrottle {
  private readonly fails = new Map<string, number[]>();
  constructor(private readonly clock: Clock) {}
  blocked(ip: string): boolean {
    const now = this.clock.now();
    const recent = (this.fails.get(ip) ?? []).filter((t) => now - t < 15 * 60_000);
    this.fails.set(ip, recent);
    return recent.length >= 5;
  }
  failed(ip: string): void {
    this.fails.set(ip, [...(this.fails.get(ip) ?? []), this.clock.now()]);
  }
}

export function adminRoutes(deps: {
  auth: AdminAuth;
  live: LiveService;
  db: Db;
  clock: Clock;
  commune: { code: string; name: string };
  secureCookies: boolean;
  log: Logger;
}): Router {
  const { auth, live, log } = deps;
  const r = Router();
  const throttle = new LoginThrottle(deps.clock);
  r.post('/api/admin/login', (req, res) => {
    const ip = req.ip ?? 'unknown';
    if (throttle.blocked(ip)) return sendFail(res, 'rate-limited', 'too many failed logins; wait 15 minutes');
    let pw: string;
    try {
      pw = parseLogin(req.body);
    } catch (e) {
      return sendFail(res, (e as ServiceError).reason);
    }
    const token = auth.login(pw);
    if (!token) {
      throttle.failed(ip);
      log.warn({ ip, reason: 'unauthorized' }, 'admin login failed');
      return sendFail(res, 'unauthorized', 'wrong password');
    }
    res.cookie(ADMIN_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: deps.secureCookies, path: '/' });
    log.info({ ip }, 'admin signed in');
    res.json({ ok: true, data: null });
  });
  r.post('/api/admin/logout', (req, res) => {
    const t = readCookie(req.headers.cookie, ADMIN_COOKIE);
    if (t) auth.logout(t);
    res.clearCookie(ADMIN_COOKIE, { path: '/' });
    res.json({ ok: true, data: null });
  });
  r.get('/api/admin/session', (req, res) => {
    res.json({ ok: true, data: { signedIn: auth.isValid(readCookie(req.headers.cookie, ADMIN_COOKIE)) } });
  });
  r.get('/api/admin/live', auth.require(), handle(log, () => live.snapshot()));
  r.get('/api/admin/summary', auth.require(), handle(log, (req) => buildDailySummary(deps.db, deps.clock, { date: parseDayQuery(req.query), commune: deps.commune })));
  return r;
}
