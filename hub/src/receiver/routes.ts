import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Logger } from '../log.js';
import type { ReceiverConfig } from './config.js';
import { MAX_BODY_BYTES, type IngestService, type SignedHeaders } from './ingest.js';

const header = (req: Request, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export const signedHeaders = (req: Request): SignedHeaders => ({
  communeCode: header(req, 'x-commune-code'),
  timestamp: header(req, 'x-timestamp'),
  signature: header(req, 'x-signature'),
  idempotencyKey: header(req, 'idempotency-key'),
});

const ipOf = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

/**
 * Rate limits of the machine door: per (address, commune code) so one commune's retries cannot starve the others
 * behind the same proxy; per address overall; and a tighter budget for refused requests per address (guessing).
 * A 429 is temporary for the sender (it backs off and retries), as the contract says of any status it does not list.
 */
function limiters(cfg: ReceiverConfig, log: Logger) {
  const refuse = (req: Request, res: Response) => {
    log.warn({ ip: req.ip, communeCode: header(req, 'x-commune-code')?.slice(0, 32), path: req.path, reason: 'rate-limited' }, 'request rate-limited');
    res.status(429).json({ status: 'error', reason: 'rate-limited' });
  };
  const common = { windowMs: 60_000, standardHeaders: 'draft-7' as const, legacyHeaders: false, handler: refuse };
  return [
    rateLimit({ ...common, limit: cfg.perIpPerMin, keyGenerator: ipOf }),
    rateLimit({ ...common, limit: cfg.failuresPerIpPerMin, keyGenerator: (req) => `fail|${ipOf(req)}`, skipSuccessfulRequests: true }),
    rateLimit({ ...common, limit: cfg.perCommunePerMin, keyGenerator: (req) => `${ipOf(req)}|${(header(req, 'x-commune-code') ?? '').slice(0, 16)}` }),
  ];
}

/**
 * The machine door's express side: GET /api/v1/ping (signed like a summary, over an empty body) for
 * `hub upstream test`, and 404 for anything else under /api/v1. POST /api/v1/summaries itself is taken before
 * express by summaryFastPath below. Answers are the contract's bodies, not the hub's `{ ok }` envelope.
 */
export function summaryRoutes(ingest: IngestService, cfg: ReceiverConfig, log: Logger): Router {
  const r = Router();
  r.use('/api/v1', ...limiters(cfg, log));

  r.get('/api/v1/ping', (req, res) => {
    const a = ingest.authenticate(signedHeaders(req), Buffer.alloc(0));
    if (!a.ok) {
      log.warn({ ip: req.ip, communeCode: header(req, 'x-commune-code')?.slice(0, 32), cause: a.cause }, 'ping refused');
      return void res.status(401).json({ status: 'error', reason: 'unauthorized' });
    }
    res.json({ status: 'ok', commune: a.commune, serverTime: Math.floor(ingest.now() / 1000) });
  });

  r.use('/api/v1', (_req, res) => void res.status(404).json({ status: 'error', reason: 'not-found' }));
  return r;
}

const isLoopback = (a: string) => a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');

/** The client's address as express's `trust proxy: loopback` sees it: X-Forwarded-For is believed only from loopback hops. */
export function clientIp(req: IncomingMessage): string {
  let ip = req.socket.remoteAddress ?? 'unknown';
  const xff = req.headers['x-forwarded-for'];
  if (!isLoopback(ip) || typeof xff !== 'string') return ip;
  const hops = xff.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    ip = hops[i]!;
    if (!isLoopback(ip)) return ip;
  }
  return ip;
}

/**
 * POST /api/v1/summaries on node:http directly, in front of express: the one request every commune makes, made
 * cheap (bench:upstream measured express's routing and middleware at a third of the CPU of a summary; docs/scaling.md).
 * It applies the same rate limiters (express-rate-limit, on the raw request), a body bound and the IngestService.
 * Returns false when the request is not its own (then express handles it).
 */
export function summaryFastPath(ingest: IngestService, cfg: ReceiverConfig, log: Logger) {
  // its own limiter instances: a summary and a ping each count once, in their own door's budget
  const chain = limiters(cfg, log);
  const send = (res: ServerResponse, status: number, body: unknown, close = false) => {
    if (res.headersSent) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      ...(close ? { Connection: 'close' } : {}),
    });
    res.end(text);
  };
  // express-rate-limit's handler answers with res.status().json(); give the raw response those two
  const expressish = (res: ServerResponse) =>
    Object.assign(res, {
      status(code: number) {
        res.statusCode = code;
        return this;
      },
      json(body: unknown) {
        send(res, res.statusCode, body);
      },
    });
  const limit = (req: IncomingMessage, res: ServerResponse, done: () => void) => {
    let i = 0;
    const next = (err?: unknown) => {
      if (err) {
        log.error({ err }, 'rate limiter failed');
        return send(res, 500, { status: 'error', reason: 'internal-error' });
      }
      const mw = chain[i++];
      if (!mw) return done();
      void mw(req as never, expressish(res) as never, next);
    };
    next();
  };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST' || (req.url !== '/api/v1/summaries' && !req.url?.startsWith('/api/v1/summaries?'))) return false;
    const ip = clientIp(req);
    Object.assign(req, { ip, path: '/api/v1/summaries' });
    const code = typeof req.headers['x-commune-code'] === 'string' ? req.headers['x-commune-code'] : undefined;
    limit(req, res, () => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (c: Buffer) => {
        if (tooLarge) return;
        size += c.length;
        if (size > MAX_BODY_BYTES) {
          tooLarge = true;
          const detail = `the body is larger than ${MAX_BODY_BYTES} bytes`;
          log.warn({ ip, communeCode: code?.slice(0, 32), cause: 'invalid-body', detail }, 'summary refused');
          send(res, 400, { status: 'error', reason: 'invalid-body', detail: [{ path: '', message: detail }] }, true);
          return;
        }
        chunks.push(c);
      });
      req.on('error', () => res.destroy());
      req.on('end', () => {
        if (tooLarge) return;
        const h = { communeCode: code, timestamp: req.headers['x-timestamp'] as string | undefined, signature: req.headers['x-signature'] as string | undefined, idempotencyKey: req.headers['idempotency-key'] as string | undefined };
        ingest.receive(h, Buffer.concat(chunks, size), { ip }).then(
          (answer) => send(res, answer.status, answer.body),
          (e: unknown) => {
            log.error({ err: e }, 'storing a summary failed');
            send(res, 500, { status: 'error', reason: 'internal-error' });
          },
        );
      });
    });
    return true;
  };
}
