import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '@onestop/shared';
import { sendFail } from '../http/routes.js';
import { ServiceError } from '../http/errors.js';
import type { AuthService, Principal } from './service.js';
import type { ApiClient, ApiTokenService } from './apiTokens.js';

export const SESSION_COOKIE = 'hub_session';

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export const sessionToken = (req: { headers: { cookie?: string } }) => readCookie(req.headers.cookie, SESSION_COOKIE);

/** HttpOnly, SameSite=Strict, Secure when the request came over HTTPS (directly or through a local proxy). */
export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

/**
 * Lets through a signed-in person with one of the roles (an admin may do what staff do): 401 `unauthorized` when
 * signed out, 403 `forbidden` when the role does not fit. The principal is in res.locals.principal.
 */
export function requireRole(auth: AuthService, role: Role): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const p = auth.authenticate(sessionToken(req));
    if (!p) return sendFail(res, 'unauthorized');
    if (role === 'admin' && p.user.role !== 'admin') return sendFail(res, 'forbidden', 'administrators only');
    res.locals.principal = p;
    next();
  };
}

export const principalOf = (res: Response): Principal => {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new ServiceError('unauthorized');
  return p;
};

/** `Authorization: Bearer <token>` for /api/v1; the client is in res.locals.apiClient. */
export function requireApiToken(tokens: ApiTokenService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    try {
      res.locals.apiClient = tokens.authenticate(m?.[1]);
      next();
    } catch (e) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="hub"');
      sendFail(res, e instanceof ServiceError ? e.reason : 'unauthorized', e instanceof ServiceError ? e.detail : undefined);
    }
  };
}

export const apiClientOf = (res: Response): ApiClient => res.locals.apiClient as ApiClient;
