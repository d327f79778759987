import type { OutgoingSms, SendResult, SmsGateway } from '../gateway.js';
import { asText, basicAuth, callProvider, classifyHttpStatus, jsonAt, type HttpCall } from './http-call.js';
import type { HttpGatewaySettings } from './http-config.js';
import { providerNumber } from './number-format.js';

/**
 * Any provider with an HTTP send method, described by data (`sms.http`, or a preset): where to send, how to sign
 * in, what the body looks like, which answer means "accepted" and which codes are final. It has no lookup and no
 * status poll (it cannot know the provider's), so an unanswered attempt is marked failed `unconfirmed` after
 * `unconfirmedAfterMs`, never sent again blindly; an answer it cannot place fails the message rather than risk a
 * duplicate.
 */
export class HttpGateway implements SmsGateway {
  readonly name = 'http';
  readonly callbacks = false;
  readonly unicode: boolean;

  constructor(
    private readonly s: HttpGatewaySettings,
    private readonly timeoutMs: number,
  ) {
    this.unicode = s.unicode;
  }

  /** The request for one message: every placeholder filled in. */
  sendRequest(msg: OutgoingSms): HttpCall {
    const values: Record<string, string> = {
      phone: providerNumber(msg.to, this.s.numberFormat),
      text: msg.body,
      sender: this.s.sender,
      messageId: msg.id,
      unicode: msg.encoding === 'ucs2' ? '1' : '0',
    };
    for (const [k, v] of Object.entries(this.s.secrets)) values[`secret.${k}`] = v;
    const fill = (t: string) => t.replace(/\{([A-Za-z0-9_.]+)\}/g, (m, name: string) => values[name] ?? m);
    const headers: Record<string, string> = { accept: 'application/json' };
    let url = fill(this.s.url);
    let body: string | undefined;
    if (this.s.body.type === 'json') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(fillJson(this.s.body.template, fill));
    } else {
      const form = new URLSearchParams(Object.entries(this.s.body.template).map(([k, v]) => [k, fill(v)]));
      if (this.s.method === 'GET') url += (url.includes('?') ? '&' : '?') + form.toString();
      else {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = form.toString();
      }
    }
    if (this.s.method === 'GET') {
      delete headers['content-type'];
      body = undefined;
    }
    const auth = this.s.auth;
    if (auth?.type === 'basic') headers.authorization = basicAuth(fill(auth.username), fill(auth.password));
    if (auth?.type === 'header') headers[auth.name.toLowerCase()] = fill(auth.secret);
    for (const [k, v] of Object.entries(this.s.headers)) headers[k.toLowerCase()] = fill(v);
    return { method: this.s.method, url, headers, body };
  }

  async send(msg: OutgoingSms): Promise<SendResult> {
    const out = await callProvider(this.sendRequest(msg), this.timeoutMs);
    if (out.kind === 'not-sent') return { kind: 'temporary', code: out.code, text: out.text };
    if (out.kind === 'unknown') return out;
    if (out.json === undefined && (out.status < 200 || out.status >= 300)) return classifyHttpStatus('http', out.status, out.text);
    const ok = asText(jsonAt(out.json, this.s.success.path));
    if (this.s.success.values.includes(ok)) {
      return { kind: 'accepted', gatewayId: this.s.idPath ? asText(jsonAt(out.json, this.s.idPath)) || null : null, gatewayStatus: 'accepted' };
    }
    const code = asText(jsonAt(out.json, this.s.codePath ?? this.s.success.path));
    const text = `the provider answered HTTP ${out.status}${code ? `, code ${code}` : ''}: ${out.text.slice(0, 200)}`;
    if (code && this.s.temporaryCodes.includes(code)) return { kind: 'temporary', code: `http-${code}`, text };
    if (!code && out.status === 429) return { kind: 'temporary', code: 'http-http-429', text };
    if (!code && out.status >= 500) return classifyHttpStatus('http', out.status, out.text);
    return { kind: 'permanent', code: code ? `http-${code}` : `http-http-${out.status}`, text };
  }
}

/** A JSON template with every string filled in; numbers, booleans and structure kept. */
function fillJson(t: unknown, fill: (s: string) => string): unknown {
  if (typeof t === 'string') return fill(t);
  if (Array.isArray(t)) return t.map((v) => fillJson(v, fill));
  if (t && typeof t === 'object') return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, fillJson(v, fill)]));
  return t;
}
