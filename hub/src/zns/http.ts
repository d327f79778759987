import { NOT_SENT_NETWORK_CODES } from '../sms/gateway.js';

/**
 * One HTTP request to Zalo (the ZNS API or OAuth), with the answer sorted the way the ambiguous-send rule needs:
 * `answer` (an HTTP answer with its JSON, whatever the status), `not-sent` (the request certainly never left:
 * refused connection, DNS), `unknown` (a timeout or reset after the request may have been written).
 */
export type ZaloHttpResult =
  | { kind: 'answer'; status: number; body: Record<string, unknown> | null }
  | { kind: 'not-sent'; code: string; text: string }
  | { kind: 'unknown'; code: string; text: string };

export async function zaloRequest(url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }, timeoutMs: number): Promise<ZaloHttpResult> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const code = e.cause?.code ?? (e.name === 'TimeoutError' || e.name === 'AbortError' ? 'ETIMEDOUT' : 'network-error');
    const text = (e.cause?.message ?? e.message ?? code).slice(0, 300);
    if (NOT_SENT_NETWORK_CODES.has(code)) return { kind: 'not-sent', code: `network-${code}`, text };
    return { kind: 'unknown', code: `network-${code}`, text };
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    return { kind: 'unknown', code: 'network-body', text: String((err as Error).message ?? err).slice(0, 300) };
  }
  let body: Record<string, unknown> | null = null;
  try {
    const v = JSON.parse(text) as unknown;
    body = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    body = null;
  }
  return { kind: 'answer', status: res.status, body };
}
