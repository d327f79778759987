import crypto from 'node:crypto';

/**
 * The sending side of upstream-daily-summary-v1 over HTTP: signing, the request, and what an answer means.
 * No state: the outbox decides what to send and what to do with the outcome.
 */

/** `sha256=` + lowercase hex HMAC-SHA256(secret, `<timestamp>.` + raw body bytes), exactly as the contract says. */
export function signature(secret: string, timestamp: number, body: Buffer): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export function signedHeaders(opts: { code: string; secret: string; timestamp: number; body: Buffer; idempotencyKey?: string }): Record<string, string> {
  const h: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Commune-Code': opts.code,
    'X-Timestamp': String(opts.timestamp),
    'X-Signature': signature(opts.secret, opts.timestamp, opts.body),
  };
  if (opts.idempotencyKey) h['Idempotency-Key'] = opts.idempotencyKey;
  return h;
}

/** <base>/api/v1/<path>, keeping a path prefix the base URL may have (https://province.example/upstream/). */
export function endpoint(base: string, p: string): string {
  return new URL(`api/v1/${p}`, base.endsWith('/') ? base : base + '/').toString();
}

/** The base URL as it may be shown and logged: no user:password part, no query. */
export function displayUrl(base: string): string {
  try {
    const u = new URL(base);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

export type Outcome =
  | { kind: 'sent'; status: number; answer: string }
  | { kind: 'permanent'; status: number; reason: string; detail: string | null }
  | { kind: 'temporary'; status: number | null; reason: string; detail: string | null; retryAfterMs?: number };

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. At most a day. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const s = header.trim();
  const ms = /^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s) - nowMs;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 86_400_000) : undefined;
}

const PERMANENT = new Set([400, 401, 409]);

async function readJson(res: Response): Promise<Record<string, unknown> | null> {
  try {
    const text = await res.text();
    const v = JSON.parse(text.slice(0, 64_000));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function detailOf(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return (typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 1000);
}

/** Maps any answer (or none) to the contract's three outcomes. */
export async function classify(res: Response, nowMs: number): Promise<Outcome> {
  const body = await readJson(res);
  if (res.status === 200) return { kind: 'sent', status: 200, answer: typeof body?.status === 'string' ? body.status : 'stored' };
  const reason = typeof body?.reason === 'string' ? body.reason.slice(0, 100) : `http-${res.status}`;
  if (PERMANENT.has(res.status)) return { kind: 'permanent', status: res.status, reason, detail: detailOf(body?.detail) };
  return { kind: 'temporary', status: res.status, reason, detail: detailOf(body?.detail), retryAfterMs: retryAfterMs(res.headers.get('retry-after'), nowMs) };
}

export function networkOutcome(err: unknown): Outcome {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { kind: 'temporary', status: null, reason: 'timeout', detail: null };
  const code = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
  return { kind: 'temporary', status: null, reason: 'network-error', detail: String(code).slice(0, 300) };
}

export interface Link {
  url: string;
  code: string;
  secret: string;
}

/** POSTs one summary's exact bytes. */
export async function postSummary(link: Link, body: Buffer, idempotencyKey: string, nowMs: number, timeoutMs: number, stop?: AbortSignal): Promise<Outcome> {
  const timestamp = Math.floor(nowMs / 1000);
  try {
    const res = await fetch(endpoint(link.url, 'summaries'), {
      method: 'POST',
      headers: signedHeaders({ code: link.code, secret: link.secret, timestamp, body, idempotencyKey }),
      body: new Uint8Array(body),
      signal: stop ? AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]) : AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    return await classify(res, nowMs);
  } catch (err) {
    return networkOutcome(err);
  }
}

export interface LinkCheck {
  ok: boolean;
  /** how it was checked: the receiver's signed ping, or (a receiver without one) a signed summary with an empty body */
  via: 'ping' | 'summaries';
  status: number | null;
  reason: string;
  detail: string | null;
}

/**
 * Checks the link and the key. First `GET /api/v1/ping`, signed over an empty body: 200 = reached and the key is
 * accepted, 401 = the key (or the commune code) is refused. A receiver without the ping (404/405) is asked with a
 * signed POST /api/v1/summaries of `{}`: 400 invalid-body means the signature was accepted and only the body refused.
 */
export async function checkLink(link: Link, nowMs: number, timeoutMs: number): Promise<LinkCheck> {
  const timestamp = Math.floor(nowMs / 1000);
  const attempt = async (via: 'ping' | 'summaries'): Promise<LinkCheck> => {
    const body = Buffer.from(via === 'ping' ? '' : '{}');
    const headers = signedHeaders({ code: link.code, secret: link.secret, timestamp, body });
    let res: Response;
    try {
      res = await fetch(endpoint(link.url, via), {
        method: via === 'ping' ? 'GET' : 'POST',
        headers: via === 'ping' ? { ...headers, 'Content-Type': 'text/plain' } : headers,
        body: via === 'ping' ? undefined : new Uint8Array(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
    } catch (err) {
      const o = networkOutcome(err) as Extract<Outcome, { kind: 'temporary' }>;
      return { ok: false, via, status: null, reason: o.reason, detail: o.detail };
    }
    const json = await readJson(res);
    const reason = typeof json?.reason === 'string' ? json.reason : res.status === 200 ? 'ok' : `http-${res.status}`;
    if (via === 'ping') return { ok: res.status === 200, via, status: res.status, reason, detail: detailOf(json?.detail) };
    return { ok: res.status === 400 && reason === 'invalid-body', via, status: res.status, reason: res.status === 400 && reason === 'invalid-body' ? 'ok' : reason, detail: null };
  };
  const first = await attempt('ping');
  if (first.status === 404 || first.status === 405) return attempt('summaries');
  return first;
}
