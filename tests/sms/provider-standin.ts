import http from 'node:http';
import { LoopbackServer, sendJson } from '../kit/loopbackServer.ts';

/** One request as it reached a stand-in. */
export interface RecordedRequest {
  method: string;
  /** path and query */
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  json: unknown;
}

/**
 * Faults are consumed one per send request, in order. `hang` never answers and takes nothing; `accept-then-hang`
 * takes the message, then never answers (the answer is lost: the ambiguous case); `http` answers that status with
 * an HTML page, as a proxy in front of the provider would.
 */
export type ProviderFault = { type: 'hang' } | { type: 'accept-then-hang' } | { type: 'http'; status: number };

/** The part of a provider stand-in that is not the provider's: a loopback server, a record of requests, faults. */
export abstract class ProviderStandIn {
  readonly requests: RecordedRequest[] = [];
  readonly faults: ProviderFault[] = [];
  private readonly server = new LoopbackServer((req, res) => void this.receive(req, res));

  get port(): number {
    return this.server.port;
  }

  get url(): string {
    return this.server.url;
  }

  fail(...faults: ProviderFault[]): void {
    this.faults.push(...faults);
  }

  start(port = this.port): Promise<void> {
    return this.server.start(port);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  protected json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    sendJson(res, status, body, headers);
  }

  private async receive(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = raw ? JSON.parse(raw) : undefined;
    } catch {
      json = undefined;
    }
    const r: RecordedRequest = { method: req.method ?? '', path: req.url ?? '/', headers: req.headers, raw, json };
    this.requests.push(r);
    const url = new URL(r.path, 'http://x');
    if (this.isSend(r.method, url.pathname)) {
      const fault = this.faults.shift();
      if (fault?.type === 'hang') return; // the socket stays open, nothing is taken
      if (fault?.type === 'http') {
        res.writeHead(fault.status, { 'content-type': 'text/html' });
        res.end(`<html><body>${fault.status}</body></html>`);
        return;
      }
      const answer = this.send(r);
      if (fault?.type === 'accept-then-hang') return;
      this.json(res, answer.status ?? 200, answer.body, answer.headers);
      return;
    }
    const other = this.other(r, url);
    if (other) this.json(res, other.status ?? 200, other.body);
    else this.json(res, 404, { error: 'not found' });
  }

  protected abstract isSend(method: string, path: string): boolean;
  /** The provider's answer to a send request (the message is taken when the answer says so). */
  protected abstract send(r: RecordedRequest): { status?: number; body: unknown; headers?: Record<string, string> };
  /** Any other method (status look-ups). */
  protected abstract other(r: RecordedRequest, url: URL): { status?: number; body: unknown } | null;

  /** Only the send requests. */
  sends(): RecordedRequest[] {
    return this.requests.filter((r) => this.isSend(r.method, new URL(r.path, 'http://x').pathname));
  }
}
