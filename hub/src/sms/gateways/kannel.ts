import http from 'node:http';
import https from 'node:https';
import type { Clock } from '@onestop/shared';
import { NOT_SENT_NETWORK_CODES, type DeliveryReport, type OutgoingSms, type SendResult, type SmsGateway } from '../gateway.js';

export interface KannelGatewayOptions {
  /** smsbox's sendsms address, e.g. http://127.0.0.1:13013/cgi-bin/sendsms */
  sendsmsUrl: string;
  username: string;
  password: string;
  from?: string;
  /** the delivery-report URL for one message, with Kannel's %d (type) left in it */
  dlrUrl: (id: string) => string;
  timeoutMs: number;
}

/** Kannel's delivery-report types (dlr-mask=31 asks for all five). */
export const KANNEL_DLR = { DELIVERED: 1, FAILED: 2, BUFFERED: 4, SMSC_ACCEPTED: 8, SMSC_REJECTED: 16 } as const;

/** A DLR type mapped onto our statuses; null for a type we do not know. */
export function reportFromKannelDlr(type: number, smscId?: string): DeliveryReport | null {
  const gatewayId = smscId ? smscId : null;
  switch (type) {
    case 1:
      return { status: 'delivered', gatewayStatus: 'dlr-1-delivered', gatewayId };
    case 2:
      return { status: 'failed', gatewayStatus: 'dlr-2-failed', gatewayId, code: 'kannel-dlr-failed', text: 'the SMSC reported the message undelivered' };
    case 4:
      return { status: 'sent', gatewayStatus: 'dlr-4-buffered', gatewayId };
    case 8:
      return { status: 'sent', gatewayStatus: 'dlr-8-smsc-accepted', gatewayId };
    case 16:
      return { status: 'failed', gatewayStatus: 'dlr-16-smsc-rejected', gatewayId, code: 'kannel-smsc-rejected', text: 'the SMSC rejected the message' };
    default:
      return null;
  }
}

/**
 * Kannel smsbox's HTTP sendsms (a telco's SMPP brand-name link or a USB GSM modem behind it). Unaccented text is
 * sent with coding=0 (GSM-7), accented with coding=2 (UCS-2); the text is always handed over as UTF-8. Our own
 * message id and a per-message token are in the dlr-url, so every report finds its message, whatever Kannel's or
 * the SMSC's ids are. smsbox gives no id back, so an unanswered request is settled by that report.
 *
 * Plain node:http with no keep-alive: a reused connection that the server already closed would fail after the
 * request was written, which would look like the ambiguous case.
 */
export class KannelGateway implements SmsGateway {
  readonly name = 'kannel';
  readonly callbacks = true;

  constructor(
    private readonly opts: KannelGatewayOptions,
    private readonly clock: Clock,
  ) {}

  send(msg: OutgoingSms): Promise<SendResult> {
    const url = new URL(this.opts.sendsmsUrl);
    const q = url.searchParams;
    q.set('username', this.opts.username);
    q.set('password', this.opts.password);
    if (this.opts.from) q.set('from', this.opts.from);
    q.set('to', msg.to);
    q.set('text', msg.body);
    q.set('charset', 'UTF-8');
    q.set('coding', msg.encoding === 'gsm7' ? '0' : '2');
    q.set('dlr-mask', '31');
    q.set('dlr-url', this.opts.dlrUrl(msg.id));
    // asks the SMSC (where it supports it) not to deliver after our validity window
    const remainingMin = Math.floor((msg.validUntil - this.clock.now()) / 60_000);
    q.set('validity', String(Math.max(1, Math.min(remainingMin, 1440))));
    return this.get(url);
  }

  private get(url: URL): Promise<SendResult> {
    return new Promise((resolve) => {
      let connected = false;
      let settled = false;
      const done = (r: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const lib = url.protocol === 'https:' ? https : http;
      const req = lib.request(url, { method: 'GET', agent: false, headers: { connection: 'close' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (body.length < 2000) body += d;
        });
        res.on('error', () => done({ kind: 'unknown', code: 'network-reset', text: 'connection lost while reading the answer' }));
        res.on('end', () => done(classifyAnswer(res.statusCode ?? 0, body.trim())));
      });
      const timer = setTimeout(() => {
        req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
      }, this.opts.timeoutMs);
      req.on('socket', (s) => {
        if (!s.connecting) connected = true;
        else s.once('connect', () => (connected = true));
      });
      req.on('error', (err: Error & { code?: string }) => {
        const code = err.code ?? 'error';
        // refused, unreachable, or never connected: nothing was written, so nothing can have been sent
        if (!connected || NOT_SENT_NETWORK_CODES.has(code)) return done({ kind: 'temporary', code: `network-${code}`, text: err.message });
        done({ kind: 'unknown', code: code === 'ETIMEDOUT' ? 'timeout' : `network-${code}`, text: err.message });
      });
      req.end();
    });
  }
}

/** smsbox answers 202 "0: Accepted for delivery" or "3: Queued for later delivery"; errors are 4xx/503 with a line of text. */
function classifyAnswer(status: number, body: string): SendResult {
  const text = body.slice(0, 300) || `HTTP ${status}`;
  if (status >= 200 && status < 300) return { kind: 'accepted', gatewayId: null, gatewayStatus: /^3:/.test(body) ? 'queued-for-later' : 'accepted' };
  if (status === 403 || status === 401) return { kind: 'permanent', code: 'kannel-auth', text: `authorization failed: check KANNEL_USERNAME and KANNEL_PASSWORD (${text})` };
  if (status === 502 || status === 504) return { kind: 'unknown', code: `kannel-http-${status}`, text };
  if (status >= 500) return { kind: 'temporary', code: `kannel-http-${status}`, text };
  if (status === 429) return { kind: 'temporary', code: 'kannel-http-429', text };
  return { kind: 'permanent', code: `kannel-http-${status}`, text };
}
