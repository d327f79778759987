import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { dayBounds, uuidv7 } from '@onestop/shared';
import type { UpstreamPolicy, UpstreamSettings } from '../../hub/src/upstream/service.js';
import type { OutboxRow } from '../../hub/src/upstream/store.js';
import { ROOT } from '../helpers/procs.js';
import { startTestHub, type TestClock, type TestHub } from '../kit/index.js';

const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
const formats = (addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats;
const ajv = new Ajv({ allErrors: true, strict: false });
formats(ajv);
/** the contract's schema, read from the project's copy (docs/contracts), validated by a real JSON Schema validator */
export const validateSummary = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/contracts/daily-summary.v1.schema.json'), 'utf8')));

export const SECRET = 'commune-shared-secret-0123456789';
export const ADMIN_PASSWORD = 'upstream-admin-password-1';

/** Local time (UTC+7) of a day as epoch ms. */
export const at = (day: string, hh: number, mm = 0) => dayBounds(day).start + (hh * 60 + mm) * 60_000;

export interface SenderHub extends TestHub {
  settings: UpstreamSettings;
  /** a rating stored as a kiosk would deliver it, with the device's time */
  rate(score: 1 | 2 | 3 | 4 | 5, deviceTime: number): Promise<void>;
  rows(): OutboxRow[];
}

/** The kit's hub with the upstream settings and policy given and no background loop: tests drive the sender. */
export async function senderHub(opts: { clock: TestClock; url?: string; secret?: string; sendAt?: string; policy?: Partial<UpstreamPolicy> }): Promise<SenderHub> {
  const settings: UpstreamSettings = { url: opts.url, secret: opts.secret ?? SECRET, sendAt: opts.sendAt ?? '23:55', commune: { code: '26734', name: 'Xã Ví Dụ' } };
  const h = await startTestHub({
    prefix: 'upstream-sender-',
    clock: opts.clock,
    upstreamSettings: () => settings,
    upstreamPolicy: { loop: false, timeoutMs: 3000, ...opts.policy },
    adminPassword: ADMIN_PASSWORD,
    // the injected clock moves days at a time in these tests: sign in again when the session has run out
    adminSessionProbe: '/api/admin/upstream',
  });
  const { hub, db } = h;
  const counter = hub.services.counters.create({ name: 'Quầy 1', buttons: 5, minIntervalS: 0 });
  const { code } = hub.services.devices.createPairingCode(counter.id);
  const paired = hub.services.devices.pair({ code, kind: 'kiosk' });
  return {
    ...h,
    settings,
    async rate(score, deviceTime) {
      const device = hub.services.devices.authenticate(paired.token);
      const ack = await hub.services.ratings.submit(device, { id: uuidv7(deviceTime), source: 'touch', score, deviceTime });
      if (!ack.ok) throw new Error(`rating refused: ${JSON.stringify(ack)}`);
    },
    rows: () => db.prepare('SELECT * FROM upstream_summaries ORDER BY day, revision').all() as OutboxRow[],
  };
}

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  /** the signature checked here, from the contract: HMAC-SHA256(secret, `<X-Timestamp>.` + raw body) */
  signatureOk: boolean;
}

/**
 * A tiny receiver stand-in: records every request, checks the signature as the contract says, answers with
 * `answer` (default: 200 stored). Not the real receiver (that is tests/upstream/e2e*.test.ts).
 */
export async function standIn(secret = SECRET) {
  const received: Received[] = [];
  /** 'drop': the connection is cut without an answer (a receiver that is down, as the sender sees it); 'hang': no answer at all */
  let answer: (r: Received) => { status: number; body: unknown; headers?: Record<string, string> } | 'drop' | 'hang' = () => ({ status: 200, body: { status: 'stored' } });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const ts = String(req.headers['x-timestamp'] ?? '');
      const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(`${ts}.`).update(raw).digest('hex');
      const r: Received = { method: req.method!, path: req.url!, headers: req.headers, raw, signatureOk: req.headers['x-signature'] === expected };
      received.push(r);
      const a = answer(r);
      if (a === 'drop') return void req.socket.destroy();
      if (a === 'hang') return; // never answers (closeAllConnections ends it)
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    summaries: () => received.filter((r) => r.path === '/api/v1/summaries').map((r) => ({ ...r, body: JSON.parse(r.raw.toString('utf8')) })),
    answer(fn: typeof answer) {
      answer = fn;
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
