import express, { Router, type Request, type Response } from 'express';
import type { StaffProfiles } from './photos.js';
import type { Logger } from '../log.js';
import { handle, sendFail } from '../http/routes.js';
import { ServiceError } from '../http/errors.js';
import { clearSessionCookie, principalOf, requireRole, sessionToken, setSessionCookie } from './http.js';
import { RateLimited, type AuthService } from './service.js';
import type { ApiTokenService } from './apiTokens.js';
import { audited, auditedAsync } from '../audit/hook.js';
import { CounterOccupied } from './duty.js';
import type { CounterOccupiedAnswer } from '@onestop/shared';

/**
 * POST handler that signs in and sets the session cookie. `adminOnly` is the admin page's door
 * (/api/admin/login): a staff account is refused there instead of getting a session the page cannot use.
 */
export function loginHandler(auth: AuthService, log: Logger, opts: { adminOnly?: boolean } = {}) {
  return async (req: Request, res: Response) => {
    const address = req.ip ?? 'unknown';
    try {
      const { token, principal } = await auth.login(req.body, address, opts);
      setSessionCookie(req, res, token);
      log.info({ userId: principal.user.id, counterId: principal.counterId, ip: address }, 'signed in');
      res.json({ ok: true, data: auth.sessionView(principal) });
    } catch (e) {
      if (e instanceof RateLimited) res.setHeader('Retry-After', String(Math.ceil(e.retryAfterMs / 1000)));
      if (e instanceof CounterOccupied) {
        // the password was right: say who is on duty there, so the person can confirm taking over (./duty.ts)
        log.info({ ip: address, reason: e.reason }, 'sign-in at an occupied counter: asked to confirm');
        const answer: CounterOccupiedAnswer = { ok: false, reason: 'counter-occupied', detail: e.detail!, onDuty: e.onDuty };
        return res.status(409).json(answer);
      }
      if (e instanceof ServiceError) {
        log.warn({ ip: address, reason: e.reason }, 'sign-in refused');
        return sendFail(res, e.reason, e.detail);
      }
      log.error({ err: e }, 'sign-in failed');
      sendFail(res, 'internal-error');
    }
  };
}

export function logoutHandler(auth: AuthService) {
  return (req: Request, res: Response) => {
    auth.logout(sessionToken(req));
    clearSessionCookie(req, res);
    res.json({ ok: true, data: null });
  };
}

/** Sign-in for everyone, and the admin's management of accounts and API tokens. */
export function authRoutes(auth: AuthService, tokens: ApiTokenService, counters: { list(): { id: string; name: string }[] }, log: Logger, profiles?: StaffProfiles): Router {
  const r = Router();
  const admin = requireRole(auth, 'admin');
  const signedIn = requireRole(auth, 'staff');

  r.post('/api/auth/login', loginHandler(auth, log));
  r.post('/api/auth/logout', logoutHandler(auth));
  r.get('/api/auth/session', (req, res) => {
    res.json({ ok: true, data: auth.sessionView(auth.authenticate(sessionToken(req))) });
  });
  r.post('/api/auth/password', signedIn, handle(log, async (req, res) => {
    try {
      await auth.changePassword(principalOf(res), req.body, req.ip ?? 'unknown');
    } catch (e) {
      if (e instanceof RateLimited) res.setHeader('Retry-After', String(Math.ceil(e.retryAfterMs / 1000)));
      throw e;
    }
    return null;
  }));

  r.get('/api/admin/users', admin, handle(log, () => auth.users()));
  r.post('/api/admin/users', admin, handle(log, async (req, res) => {
    const created = await auditedAsync(res, { kind: 'account', action: 'create', target: (c) => c.user.username }, () => auth.createUser(req.body));
    log.info({ userId: created.user.id, role: created.user.role, by: principalOf(res).user.id }, 'account created');
    res.status(201);
    return created;
  }));
  r.post('/api/admin/users/:id/disable', admin, handle(log, (req, res) => {
    const u = audited(res, { kind: 'account', action: 'disable', target: (x) => x.username, before: () => auth.user(String(req.params.id)) }, () => auth.disable(String(req.params.id)));
    log.info({ userId: u.id, by: principalOf(res).user.id }, 'account disabled; its sessions ended');
    return u;
  }));
  r.post('/api/admin/users/:id/enable', admin, handle(log, (req, res) => audited(res, { kind: 'account', action: 'enable', target: (x) => x.username, before: () => auth.user(String(req.params.id)) }, () => auth.enable(String(req.params.id)))));
  r.post('/api/admin/users/:id/reset-password', admin, handle(log, async (req, res) => {
    const password = await auditedAsync(res, { kind: 'account', action: 'reset-password', target: String(req.params.id), after: () => auth.user(String(req.params.id)) }, () => auth.resetPassword(String(req.params.id)));
    log.info({ userId: req.params.id, by: principalOf(res).user.id }, 'password reset');
    return { password };
  }));

  if (profiles) {
    // what the kiosk shows of a clerk (issue 14 §3): the title, and a photo checked by its bytes (./photos.ts)
    const id = (req: Request) => String(req.params.id);
    r.patch('/api/admin/users/:id', admin, handle(log, (req, res) => audited(res, { kind: 'account', action: 'update', target: (x) => auth.user(id(req))?.username ?? id(req), before: () => ({ title: auth.user(id(req))?.title ?? null }) }, () => profiles.setTitle(id(req), req.body))));
    r.put(
      '/api/admin/users/:id/photo',
      admin,
      // any type is read, so a wrong one is named by the service; the size is checked there too, with its own code
      express.raw({ type: () => true, limit: '2mb' }),
      handle(log, (req, res) => audited(res, { kind: 'account', action: 'set-photo', target: auth.user(id(req))?.username ?? id(req) }, () => profiles.setPhoto(id(req), req.body))),
    );
    r.delete('/api/admin/users/:id/photo', admin, handle(log, (req, res) => audited(res, { kind: 'account', action: 'delete-photo', target: auth.user(id(req))?.username ?? id(req) }, () => profiles.removePhoto(id(req)))));
  }

  r.get('/api/admin/duty', admin, handle(log, () => auth.dutyRoster(counters.list())));

  r.get('/api/admin/tokens', admin, handle(log, () => tokens.list()));
  r.post('/api/admin/tokens', admin, handle(log, (req, res) => {
    const { token, view } = audited(res, { kind: 'api-token', action: 'create', target: (t) => t.view.id, after: (t) => t.view }, () => tokens.create(req.body, principalOf(res).user.id));
    log.info({ tokenId: view.id, by: principalOf(res).user.id }, 'API token created');
    res.status(201);
    return { ...view, token };
  }));
  r.post('/api/admin/tokens/:id/revoke', admin, handle(log, (req, res) => audited(res, { kind: 'api-token', action: 'revoke', target: String(req.params.id), before: () => tokens.list().find((t) => t.id === req.params.id) }, () => tokens.revoke(String(req.params.id)))));
  return r;
}
