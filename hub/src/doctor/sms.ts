import net from 'node:net';
import type { SmsConfig } from '../sms/config.js';
import { ESMS_DEFAULT_API_BASE } from '../sms/gateways/esms.js';
import { asText, basicAuth, callProvider, jsonAt, type HttpOutcome } from '../sms/gateways/http-call.js';
import { resolveHttpGateway } from '../sms/gateways/http-config.js';
import { SPEEDSMS_DEFAULT_API_BASE } from '../sms/gateways/speedsms.js';
import { fetchTwilioAccount } from '../sms/gateways/twilio.js';
import { fail, ok, warn, type Finding } from './types.js';

const TIMEOUT_MS = 8000;

/**
 * eSMS's balance method (POST, JSON { ApiKey, SecretKey }; answered { Balance, CodeResponse, UserID }): the same keys as
 * sending, and sends nothing; CodeResponse 100 is accepted, 101 wrong keys. The GET form puts the keys in the path.
 */
export const ESMS_BALANCE_PATH = '/MainService.svc/json/GetBalance_json';
/** SpeedSMS's account method (getUserInfo in its sample clients, e.g. SpeedSMSAPI for C# and PHP): the same token as sending, and sends nothing. */
export const SPEEDSMS_USER_INFO_PATH = '/index.php/user/info';

type Gateway = SmsConfig['gateway'];

/**
 * The gateway's credentials, asked without sending a message: Twilio's account, eSMS's balance and SpeedSMS's
 * account are read with the keys that send; Kannel's sendsms is asked with no receiver. A provider described by
 * `sms.http` has no method the hub knows that reads without sending: its settings are checked and its server
 * reached, and the finding says so (⚠) with how to send a test message.
 */
export async function checkSms(sms: SmsConfig): Promise<Finding> {
  if (sms.gateway === 'console') return warn('sms', 'sms-console');
  try {
    switch (sms.gateway) {
      case 'twilio':
        return await twilio(sms);
      case 'kannel':
        return await kannel(sms);
      case 'esms':
        return await esms(sms);
      case 'speedsms':
        return await speedsms(sms);
      case 'http':
        return await http(sms);
    }
  } catch (e) {
    return unreachable(sms.gateway, (e as Error).message);
  }
}

const unreachable = (gateway: Gateway, detail: string) => fail('sms', 'sms-unreachable', { gateway, detail });
const missing = (gateway: Gateway) => fail('sms', 'sms-credentials-missing', { gateway });
const refused = (gateway: Gateway, answer: string) => fail('sms', 'sms-credentials-refused', { gateway, answer });
const gatewayError = (gateway: Gateway, answer: string) => warn('sms', 'sms-gateway-error', { gateway, answer });

async function twilio(sms: SmsConfig): Promise<Finding> {
  const t = sms.twilio ?? {};
  if (!t.accountSid || !t.authToken) return missing('twilio');
  // reading the account needs the same credentials as sending, and sends nothing; through the package, as sending
  try {
    await fetchTwilioAccount({ accountSid: t.accountSid, authToken: t.authToken, ...(t.apiBase ? { apiBase: t.apiBase } : {}), timeoutMs: TIMEOUT_MS });
  } catch (e) {
    const status = (e as { status?: unknown; isAxiosError?: boolean }).isAxiosError ? undefined : (e as { status?: unknown }).status;
    if (typeof status !== 'number') throw e;
    if (status === 401 || status === 403) return refused('twilio', `HTTP ${status}`);
    return gatewayError('twilio', `HTTP ${status}`);
  }
  return ok('sms', 'sms-ok', { gateway: 'twilio' });
}

async function kannel(sms: SmsConfig): Promise<Finding> {
  const k = sms.kannel ?? {};
  if (!k.sendsmsUrl || !k.username || !k.password) return missing('kannel');
  // sendsms without a receiver: Kannel checks the user first and then refuses for the missing number, sending nothing
  const url = new URL(k.sendsmsUrl);
  url.searchParams.set('username', k.username);
  url.searchParams.set('password', k.password);
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  if (/authori[sz]ation failed/i.test(text) || res.status === 401 || res.status === 403) return refused('kannel', `HTTP ${res.status}`);
  return ok('sms', 'sms-ok', { gateway: 'kannel' });
}

/** A provider's answer, or the finding when there is none. */
function answered(gateway: Gateway, out: HttpOutcome): Extract<HttpOutcome, { kind: 'answer' }> | Finding {
  if (out.kind !== 'answer') return unreachable(gateway, out.text || out.code);
  return out;
}

const isFinding = (x: unknown): x is Finding => typeof x === 'object' && x !== null && 'id' in x;

async function esms(sms: SmsConfig): Promise<Finding> {
  const e = sms.esms ?? {};
  if (!e.apiKey || !e.secretKey) return missing('esms');
  const url = (e.apiBase ?? ESMS_DEFAULT_API_BASE).replace(/\/$/, '') + ESMS_BALANCE_PATH;
  const out = answered(
    'esms',
    await callProvider({ method: 'POST', url, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ ApiKey: e.apiKey, SecretKey: e.secretKey }) }, TIMEOUT_MS),
  );
  if (isFinding(out)) return out;
  if (out.status === 401 || out.status === 403) return refused('esms', `HTTP ${out.status}`);
  const code = asText(jsonAt(out.json, 'CodeResponse') ?? jsonAt(out.json, 'CodeResult'));
  if (out.status !== 200 || !code) return gatewayError('esms', `HTTP ${out.status}`);
  // 101: wrong ApiKey or SecretKey (docs/sms.md, eSMS's errors)
  if (code === '101') return refused('esms', `CodeResponse ${code}`);
  if (code !== '100') return gatewayError('esms', `CodeResponse ${code}`);
  const balance = asText(jsonAt(out.json, 'Balance'));
  return ok('sms', 'sms-ok', balance ? { gateway: 'esms', balance } : { gateway: 'esms' });
}

async function speedsms(sms: SmsConfig): Promise<Finding> {
  const s = sms.speedsms ?? {};
  if (!s.token) return missing('speedsms');
  const url = (s.apiBase ?? SPEEDSMS_DEFAULT_API_BASE).replace(/\/$/, '') + SPEEDSMS_USER_INFO_PATH;
  const out = answered('speedsms', await callProvider({ method: 'GET', url, headers: { accept: 'application/json', authorization: basicAuth(s.token, 'x') } }, TIMEOUT_MS));
  if (isFinding(out)) return out;
  // a wrong token is answered 401 or 403, and reportedly 404 (docs/sms.md, "SpeedSMS: sources"): as the gateway reads them
  if (out.status === 401 || out.status === 403 || out.status === 404) return refused('speedsms', `HTTP ${out.status}`);
  const status = asText(jsonAt(out.json, 'status'));
  const code = asText(jsonAt(out.json, 'code'));
  // 007 this hub's IP locked, 008 account blocked, 009 no API access: the account, not the moment
  if (status === 'error' && ['007', '008', '009'].includes(code)) return refused('speedsms', `code ${code}`);
  // the sample clients show the account ({ email, balance, currency }) alone; the API's other answers wrap it in { status, code, data }
  const account = (jsonAt(out.json, 'data') ?? out.json) as unknown;
  const isAccount = status === 'success' || (status === '' && (asText(jsonAt(account, 'email')) !== '' || asText(jsonAt(account, 'balance')) !== ''));
  if (out.status !== 200 || !isAccount) return gatewayError('speedsms', code ? `code ${code}` : `HTTP ${out.status}`);
  const balance = asText(jsonAt(account, 'balance'));
  return ok('sms', 'sms-ok', balance ? { gateway: 'speedsms', balance } : { gateway: 'speedsms' });
}

/** A provider described by data: its settings complete, and its server accepting a connection (nothing is written to it). */
async function http(sms: SmsConfig): Promise<Finding> {
  const r = resolveHttpGateway(sms.http ?? {});
  if (!r.ok) return fail('sms', 'sms-settings-invalid', { gateway: 'http', detail: `sms.http.${r.path.join('.')}: ${r.message}` });
  let url: URL;
  try {
    url = new URL(r.value.url);
  } catch {
    return fail('sms', 'sms-settings-invalid', { gateway: 'http', detail: `sms.http.url: ${r.value.url}` });
  }
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  await connect(host, port);
  return warn('sms', 'sms-http-unchecked', { gateway: 'http', server: `${url.hostname}:${port}` });
}

/** A TCP connection opened and closed at once: the server is there; no byte is sent. */
function connect(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port, timeout: TIMEOUT_MS });
    s.once('connect', () => {
      s.destroy();
      resolve();
    });
    s.once('timeout', () => {
      s.destroy();
      reject(new Error(`no answer from ${host}:${port} within ${TIMEOUT_MS / 1000} s`));
    });
    s.once('error', reject);
  });
}
