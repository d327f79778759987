import { randomBytes } from 'node:crypto';
import { ProviderStandIn, type RecordedRequest } from './provider-standin.js';

export interface EsmsMessage {
  smsId: string;
  requestId: string;
  phone: string;
  content: string;
  brandname: string;
  isUnicode: string;
  callbackUrl: string | null;
  /** 2 waiting, 5 sent to the telco */
  sendStatus: number;
  success: number;
  failed: number;
}

/**
 * A local stand-in of eSMS's REST API as its public documentation describes it (developers.esms.vn): the JSON send
 * method SendMultipleMessage_V4_post_json with ApiKey, SecretKey, Phone, Content, Brandname, SmsType "2",
 * IsUnicode, RequestId and CallbackUrl; answers { CodeResult, CountRegenerate, SMSID | ErrorMessage } with 100
 * accepted, 101 bad keys, 103 balance too low, 104 unknown brand name, 99 blocked number, 108 bad number, 124 a
 * RequestId already used (kept unique); GetSendStatus?RefId=&ApiKey=&SecretKey= answers { CodeResponse, SMSID,
 * SendStatus, SendSuccess, SendFailed, … }; the callback is a GET of the CallbackUrl with SMSID, SendStatus,
 * SendSuccess, SendFailed, RequestId, TypeId, telcoid, phonenumber in its query; POST GetBalance_json with ApiKey and
 * SecretKey answers { Balance, CodeResponse, UserID } (101 for wrong keys).
 */
export class EsmsStandIn extends ProviderStandIn {
  readonly apiKey = randomBytes(8).toString('hex').toUpperCase();
  readonly secretKey = randomBytes(8).toString('hex').toUpperCase();
  readonly brandnames = new Set(['UBND_XA']);
  readonly messages: EsmsMessage[] = [];
  readonly blocked = new Set<string>();
  /** the account's balance: 0 answers 103 */
  balance = 1_000_000;

  static readonly SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

  protected isSend(method: string, path: string): boolean {
    return method === 'POST' && path === EsmsStandIn.SEND_PATH;
  }

  protected send(r: RecordedRequest) {
    const b = (r.json ?? {}) as Record<string, unknown>;
    const answer = (code: string, more: Record<string, unknown> = {}) => ({ body: { CodeResult: code, CountRegenerate: 0, ...more } });
    if (!b.ApiKey || !b.Phone || !b.Content || !b.SmsType) return { body: { error: 'Invalid request' } };
    if (b.ApiKey !== this.apiKey || b.SecretKey !== this.secretKey) return answer('101', { ErrorMessage: 'Authorize Failed' });
    if (b.SmsType !== '2') return answer('300', { ErrorMessage: 'Missing SmsType' });
    if (!this.brandnames.has(String(b.Brandname))) return answer('104', { ErrorMessage: 'Brand name code is not exist' });
    const phone = String(b.Phone);
    if (!/^0\d{9}$/.test(phone)) return answer('108', { ErrorMessage: 'Phone is invalid' });
    if (this.blocked.has(phone)) return answer('99', { ErrorMessage: 'Phone is blocked' });
    const requestId = typeof b.RequestId === 'string' ? b.RequestId : '';
    if (requestId && this.messages.some((m) => m.requestId === requestId)) return answer('124', { ErrorMessage: 'Request exist 1', SendStatus: '5' });
    if (this.balance <= 0) return answer('103', { ErrorMessage: 'Balance not enough to send message' });
    const smsId = `${randomBytes(16).toString('hex')}${Math.floor(Math.random() * 900 + 100)}`;
    this.messages.push({
      smsId,
      requestId,
      phone,
      content: String(b.Content),
      brandname: String(b.Brandname),
      isUnicode: String(b.IsUnicode ?? '0'),
      callbackUrl: typeof b.CallbackUrl === 'string' ? b.CallbackUrl : null,
      sendStatus: 2,
      success: 0,
      failed: 0,
    });
    return answer('100', { SMSID: smsId });
  }

  protected other(r: RecordedRequest, url: URL) {
    if (r.method === 'POST' && url.pathname === '/MainService.svc/json/GetBalance_json') {
      // the balance, read with the sending keys (what hub doctor asks): { Balance, CodeResponse, UserID }
      const b = (r.json ?? {}) as Record<string, unknown>;
      if (b.ApiKey !== this.apiKey || b.SecretKey !== this.secretKey) return { body: { CodeResponse: '101', ErrorMessage: 'Authorize Failed' } };
      return { body: { Balance: this.balance, CodeResponse: '100', UserID: 4242 } };
    }
    if (r.method !== 'GET' || url.pathname !== '/MainService.svc/json/GetSendStatus') return null;
    const q = url.searchParams;
    if (q.get('ApiKey') !== this.apiKey || q.get('SecretKey') !== this.secretKey) return { body: { CodeResponse: '101', SMSID: q.get('RefId') } };
    const m = this.messages.find((x) => x.smsId === q.get('RefId'));
    if (!m) return { body: { CodeResponse: '105', SMSID: q.get('RefId') } };
    return { body: { CodeResponse: '100', SMSID: m.smsId, SendFailed: m.failed, SendStatus: m.sendStatus, SendSuccess: m.success, TotalPrice: 850, TotalReceiver: 1, TotalSent: 1 } };
  }

  sentTo(nationalPhone: string): EsmsMessage[] {
    return this.messages.filter((m) => m.phone === nationalPhone);
  }

  /** The telco's final word on a message. */
  finish(smsId: string, delivered: boolean): EsmsMessage {
    const m = this.messages.find((x) => x.smsId === smsId)!;
    m.sendStatus = 5;
    m.success = delivered ? 1 : 0;
    m.failed = delivered ? 0 : 1;
    return m;
  }

  /** eSMS calling the message's CallbackUrl, as it does (GET, its fields appended as a query). */
  async callback(smsId: string, url?: string): Promise<Response> {
    const m = this.messages.find((x) => x.smsId === smsId)!;
    const q = new URLSearchParams({
      SMSID: m.smsId,
      SendFailed: String(m.failed),
      SendStatus: String(m.sendStatus),
      SendSuccess: String(m.success),
      TotalPrice: '850.0000',
      TotalReceiver: '1',
      TotalSent: '1',
      RequestId: m.requestId,
      TypeId: '2',
      telcoid: '1',
      phonenumber: m.phone,
    });
    return fetch(`${url ?? m.callbackUrl}?${q}`);
  }
}
