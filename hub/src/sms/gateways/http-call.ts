import http from 'node:http';
import https from 'node:https';
import { NOT_SENT_NETWORK_CODES } from '../gateway.js';

/** One HTTP request to a provider, as the HTTP gateways (eSMS, SpeedSMS, the generic one) make it. */
export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** the body exactly as written on the wire; none for GET */
  body?: string;
}

/**
 * What came of it. `not-sent`: the request certainly never reached the provider (refused, unreachable, never
 * connected), so sending again is harmless. `unknown`: it may have (a timeout or a reset after the request was
 * written), so it must be settled, never repeated blindly (docs/decisions/0020-sms-ambiguous-send.md).
 */
export type HttpOutcome =
  | { kind: 'answer'; status: number; headers: http.IncomingHttpHeaders; text: string; json: unknown }
  | { kind: 'not-sent'; code: string; text: string }
  | { kind: 'unknown'; code: string; text: string };

/** Most of an answer we read; a provider's JSON answer is a few hundred bytes. */
const MAX_ANSWER = 64 * 1024;

/**
 * Plain node:http with no keep-alive (as the Kannel gateway): a reused connection that the server already closed
 * would fail after the request was written, which would look like the ambiguous case.
 */
export function callProvider(call: HttpCall, timeoutMs: number): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    let connected = false;
    let settled = false;
    const done = (r: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let url: URL;
    try {
      url = new URL(call.url);
    } catch {
      return done({ kind: 'not-sent', code: 'network-ERR_INVALID_URL', text: 'the provider address is not a valid URL' });
    }
    const lib = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { connection: 'close', ...call.headers };
    if (call.body !== undefined) headers['content-length'] = String(Buffer.byteLength(call.body));
    const req = lib.request(url, { method: call.method, agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        size += d.length;
        if (size <= MAX_ANSWER) chunks.push(d);
      });
      res.on('error', () => done({ kind: 'unknown', code: 'network-reset', text: 'connection lost while reading the answer' }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = undefined;
        try {
          json = text.trim() ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        done({ kind: 'answer', status: res.statusCode ?? 0, headers: res.headers, text: text.slice(0, 2000), json });
      });
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
    req.on('socket', (s) => {
      if (!s.connecting) connected = true;
      else s.once('connect', () => (connected = true));
    });
    req.on('error', (err: Error & { code?: string }) => {
      const code = err.code ?? 'error';
      if (!connected || NOT_SENT_NETWORK_CODES.has(code)) return done({ kind: 'not-sent', code: `network-${code}`, text: err.message });
      done({ kind: 'unknown', code: code === 'ETIMEDOUT' ? 'timeout' : `network-${code}`, text: err.message });
    });
    req.end(call.body);
  });
}

/** A value at a dotted path ("data.tranId", "messages.0.id") of a parsed JSON answer; undefined when absent. */
export function jsonAt(value: unknown, path: string): unknown {
  if (path === '') return value;
  return path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

/** A scalar as text ("100", "00", "true"); '' for anything else. */
export function asText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** Basic authentication as HTTP wants it. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A 5xx or other HTTP answer with no usable body, classified the way the other gateways do. */
export function classifyHttpStatus(prefix: string, status: number, text: string): { kind: 'temporary' | 'permanent' | 'unknown'; code: string; text: string } {
  const t = text.slice(0, 300) || `HTTP ${status}`;
  // 502/504 come from a proxy in front of the provider: the provider may have taken the message
  if (status === 502 || status === 504 || status === 500) return { kind: 'unknown', code: `${prefix}-http-${status}`, text: t };
  if (status === 429 || status === 503) return { kind: 'temporary', code: `${prefix}-http-${status}`, text: t };
  if (status >= 500) return { kind: 'unknown', code: `${prefix}-http-${status}`, text: t };
  return { kind: 'permanent', code: `${prefix}-http-${status}`, text: t };
}
