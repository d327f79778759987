import http from 'node:http';
import type { Socket } from 'node:net';

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
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  fail(...faults: ProviderFault[]): void {
    this.faults.push(...faults);
  }

  async start(port = this.port): Promise<void> {
    const server = http.createServer((req, res) => void this.receive(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    for (const sock of this.sockets) sock.destroy();
    await new Promise<void>((r) => s.close(() => r()));
  }

  protected json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
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
