import http from 'node:http';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ADMIN_PW, startTestHub, type TestHub } from '../kit/index.js';
import type { RunningHub } from '../helpers/procs.js';
import { RECEIVER_ADMIN_PASSWORD, addCommune, sign, startReceiver, summary } from '../upstream/receiver-procs.js';

/**
 * DNS rebinding (issue 11, finding 8): a page on evil.example, its name made to resolve to the hub, sends requests
 * whose Origin matches their Host. The hub answers only to the names it is known by (hub/src/http/hosts.ts): 421
 * host-not-allowed to any other Host, on HTTP and on socket.io handshakes; its own names still pass.
 */
let h: TestHub;
let rx: RunningHub;

beforeAll(async () => {
  h = await startTestHub({ prefix: 'rebinding-', config: { allowedHosts: ['mot-cua.xa-vidu.vn'], sms: { publicBaseUrl: 'https://hub.xa-vidu.gov.vn/' } } });
  await h.hub.services.auth.ensureFirstAdmin(ADMIN_PW);
  rx = await startReceiver();
});
afterAll(async () => {
  await h?.close();
  await rx?.stop();
});

interface Raw {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A request sent to the hub's socket with any Host header (fetch will not forge one), as a rebound browser would. */
function raw(port: number, method: string, p: string, host: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers: { host, ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const reason = (r: Raw) => (JSON.parse(r.body) as { reason?: string }).reason;
const login = JSON.stringify({ username: 'admin', password: ADMIN_PW });

/** A WebSocket handshake of socket.io with chosen Host and Origin: the HTTP status of the answer (101 = opened). */
function wsHandshake(port: number, host: string, origin: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, { headers: { host, origin } });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    ws.on('error', () => {});
  });
}

describe('a Host the hub is not known by', () => {
  it('a sign-in from evil.example with a matching Origin is refused 421 host-not-allowed, and no session is made', async () => {
    const host = `evil.example:${h.port}`;
    const r = await raw(h.port, 'POST', '/api/auth/login', host, { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }, login);
    expect(r.status).toBe(421);
    expect(reason(r)).toBe('host-not-allowed');
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('reads are refused too: the public info, the pages, healthz', async () => {
    for (const p of ['/api/public/info', '/admin', '/healthz']) {
      const r = await raw(h.port, 'GET', p, 'evil.example');
      expect(r.status, p).toBe(421);
      expect(reason(r), p).toBe('host-not-allowed');
    }
  });

  it('a socket.io handshake, by polling or WebSocket, is refused with the same reason', async () => {
    const host = `evil.example:${h.port}`;
    const polling = await raw(h.port, 'GET', '/socket.io/?EIO=4&transport=polling', host, { origin: `http://${host}` });
    expect(polling.status).toBe(403);
    expect(polling.body).toContain('host-not-allowed');
    // engine.io answers a refused WebSocket upgrade 400, with the reason as the body
    const ws = await wsHandshake(h.port, host, `http://${host}`);
    expect(ws.status).toBe(400);
    expect(ws.body).toContain('host-not-allowed');
  });
});

describe('the names the hub is known by', () => {
  const lan = Object.values(os.networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  const names = () => [
    `127.0.0.1:${h.port}`,
    `localhost:${h.port}`,
    `localhost.:${h.port}`,
    `[::1]:${h.port}`,
    `${os.hostname()}:${h.port}`,
    `${os.hostname()}.local:${h.port}`,
    ...(lan ? [`${lan}:${h.port}`] : []),
    'hub.xa-vidu.gov.vn',
    `mot-cua.xa-vidu.vn:${h.port}`,
  ];

  it('sign in over HTTP with a matching Origin', async () => {
    for (const host of names()) {
      const r = await raw(h.port, 'POST', '/api/auth/login', host, { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }, login);
      expect(r.status, `${host}: ${r.body}`).toBe(200);
      expect(r.headers['set-cookie']?.[0]).toMatch(/^hub_session=/);
    }
  });

  it('open a socket.io handshake', async () => {
    for (const host of names()) expect((await wsHandshake(h.port, host, `http://${host}`)).status, host).toBe(101);
  });
});

describe('the province receiver', () => {
  it('its pages refuse a foreign Host; the communes’ signed door still answers to the public name they use', async () => {
    const host = `evil.example:${rx.port}`;
    const r = await raw(rx.port, 'POST', '/api/province/login', host, { origin: `http://${host}` }, JSON.stringify({ username: 'admin', password: RECEIVER_ADMIN_PASSWORD }));
    expect(r.status).toBe(421);
    expect(reason(r)).toBe('host-not-allowed');
    expect((await raw(rx.port, 'POST', '/api/province/login', `127.0.0.1:${rx.port}`, {}, JSON.stringify({ username: 'admin', password: RECEIVER_ADMIN_PASSWORD }))).status).toBe(200);

    // a summary signed as the contract says, sent to the province's public name (as through its proxy)
    const secret = await addCommune(rx.dataDir, '26734', 'Xã Ví Dụ');
    const body = JSON.stringify(summary('26734', 'Xã Ví Dụ', '2026-11-20'));
    const ts = Math.floor(Date.now() / 1000);
    const sent = await raw(rx.port, 'POST', '/api/v1/summaries', 'tonghop.tinh.gov.vn', { 'x-commune-code': '26734', 'x-timestamp': String(ts), 'x-signature': sign(secret, ts, body), 'idempotency-key': '26734/2026-11-20/1' }, body);
    expect(sent.status, sent.body).toBe(200);
    expect(JSON.parse(sent.body)).toMatchObject({ status: 'stored' });
    // and a page asked by that name is refused: only the communes' door is open to it
    expect((await raw(rx.port, 'GET', '/api/province/report', 'tonghop.tinh.gov.vn')).status).toBe(421);
  });
});
