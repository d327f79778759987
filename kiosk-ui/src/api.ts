import type { ClientReason } from './i18n';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; reason: ClientReason; detail?: string };
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A body sent as it is (a CSV file, an image), not as JSON. */
export class TextBody {
  constructor(
    readonly text: string | Blob,
    readonly type: string,
  ) {}
}

/**
 * Calls the hub's REST API (same origin, cookies included) and always resolves to the ack envelope:
 * a hub refusal keeps its reason code, an unreachable hub becomes 'network-error'.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  const raw = body instanceof TextBody;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': raw ? body.type : 'application/json' },
      body: body === undefined ? undefined : raw ? body.text : JSON.stringify(body),
    });
  } catch {
    return { ok: false, reason: 'network-error' };
  }
  const json = (await res.json().catch(() => null)) as ApiResult<T> | null;
  if (json && typeof json === 'object' && typeof json.ok === 'boolean') return json;
  return { ok: false, reason: res.status === 401 ? 'unauthorized' : res.status === 404 ? 'not-found' : 'internal-error' };
}

/** A path segment (a file code, an id) made safe for a URL. */
export const seg = (s: string) => encodeURIComponent(s);
