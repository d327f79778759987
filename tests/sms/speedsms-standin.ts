import { randomBytes } from 'node:crypto';
import { ProviderStandIn, type RecordedRequest } from './provider-standin.js';

export interface SpeedSmsMessage {
  tranId: number;
  to: string[];
  content: string;
  smsType: number;
  sender: string;
  /** per number: 0 delivered, 1–63 on its way, 64+ failed */
  status: number;
}

/**
 * A local stand-in of SpeedSMS's REST API as its public page (speedsms.vn/sms-api) and its sample clients describe
 * it (docs/sms.md, "SpeedSMS: sources"): every call under /index.php/, the API access token as the HTTP Basic user
 * (password "x"); POST /sms/send with JSON { to: [849…], content, sms_type, sender } answered { status: "success",
 * code: "00", data: { tranId, totalSMS, totalPrice, invalidPhone } } or { status: "error", code, message,
 * invalidPhone }; error codes 007 IP locked, 008 account blocked, 009 no API, 101 bad parameters, 105 invalid number,
 * 110 encoding, 113 too long, 300 balance, 500 internal error; 60 requests a minute, then 429 with
 * X-Rate-Limit-Reset; GET /sms/status/{tranId} answered { status: "success", code: "00", data: [{ phone, status }] }
 * (that shape is from a third-party client, not the official page); GET /user/info answered with the account
 * { email, balance, currency } (in { status, code, data } here, as the other answers). How it answers a wrong token is not documented:
 * here 401, in the format of its documented 429 answer (the hub reads 401, 403 and 404 alike as a configuration error).
 */
export class SpeedSmsStandIn extends ProviderStandIn {
  readonly token = randomBytes(12).toString('base64url');
  readonly senders = new Set(['UBND_XA']);
  readonly messages: SpeedSmsMessage[] = [];
  /** per number (849…): the error code it is answered with */
  readonly numberErrors = new Map<string, string>();
  /** the next sends answered with these codes (status "error") */
  readonly codes: string[] = [];
  /** the next status look-ups answered with these bodies instead (answers SpeedSMS's page does not show) */
  readonly statusAnswers: unknown[] = [];
  /** the next sends answered 429 */
  rateLimited = 0;
  private nextTran = 7_000_001;

  static readonly SEND_PATH = '/index.php/sms/send';

  protected isSend(method: string, path: string): boolean {
    return method === 'POST' && path === SpeedSmsStandIn.SEND_PATH;
  }

  private authorised(r: RecordedRequest): boolean {
    const h = r.headers.authorization ?? '';
    if (!h.startsWith('Basic ')) return false;
    const user = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':')[0];
    return user === this.token;
  }

  protected send(r: RecordedRequest) {
    const error = (code: string, message: string, invalidPhone: string[] = []) => ({ body: { status: 'error', code, message, invalidPhone } });
    if (this.rateLimited > 0) {
      this.rateLimited--;
      return { status: 429, body: { name: 'Too Many Requests', message: 'Rate limit exceeded.', code: 0, status: 429 }, headers: { 'x-rate-limit-reset': '40' } };
    }
    if (!this.authorised(r)) return { status: 401, body: { name: 'Unauthorized', message: 'Your request was made with invalid credentials.', code: 0, status: 401 } };
    const b = (r.json ?? {}) as Record<string, unknown>;
    if (!Array.isArray(b.to) || typeof b.content !== 'string' || typeof b.sms_type !== 'number') return error('101', 'Invalid or missing parameters');
    if (b.sms_type === 3 && !this.senders.has(String(b.sender))) return error('101', 'Invalid sender');
    const scripted = this.codes.shift();
    if (scripted) return error(scripted, `error ${scripted}`);
    const to = b.to.map(String);
    const invalid = to.filter((n) => !/^84\d{9}$/.test(n) || this.numberErrors.get(n) === '105');
    const blocked = to.map((n) => this.numberErrors.get(n)).find((c) => c && c !== '105');
    if (blocked) return error(blocked, `error ${blocked}`);
    if (invalid.length === to.length) return error('105', 'Phone number invalid', invalid);
    const tranId = this.nextTran++;
    const valid = to.filter((n) => !invalid.includes(n));
    this.messages.push({ tranId, to: valid, content: b.content, smsType: b.sms_type, sender: String(b.sender ?? ''), status: 1 });
    return { body: { status: 'success', code: '00', data: { tranId, totalSMS: valid.length, totalPrice: 250 * valid.length, invalidPhone: invalid } } };
  }

  protected other(r: RecordedRequest, url: URL) {
    if (r.method === 'GET' && url.pathname === '/index.php/user/info') {
      // the account, read with the token (what hub doctor asks)
      if (!this.authorised(r)) return { status: 401, body: { name: 'Unauthorized', message: 'Your request was made with invalid credentials.', code: 0, status: 401 } };
      return { body: { status: 'success', code: '00', data: { email: 'xa@example.vn', balance: 120000, currency: 'VND' } } };
    }
    const m = /^\/index\.php\/sms\/status\/(\d+)$/.exec(url.pathname);
    if (r.method !== 'GET' || !m) return null;
    if (!this.authorised(r)) return { status: 401, body: { name: 'Unauthorized', code: 0, status: 401 } };
    if (this.statusAnswers.length > 0) return { body: this.statusAnswers.shift() };
    const msg = this.messages.find((x) => x.tranId === Number(m[1]));
    if (!msg) return { body: { status: 'error', code: '101', message: 'tranId not found' } };
    return { body: { status: 'success', code: '00', data: msg.to.map((phone) => ({ phone, status: msg.status })) } };
  }

  sentTo(international: string): SpeedSmsMessage[] {
    return this.messages.filter((m) => m.to.includes(international));
  }
}
