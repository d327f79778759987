import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from './helpers.js';
import { smsHub, type SmsHub } from './hub.js';
import { RealKannel, answerEatingProxy, kannelInstalled } from './kannel.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function kannel(start = true): Promise<RealKannel> {
  const k = await new RealKannel().prepare();
  cleanups.push(() => k.stop());
  if (start) await k.start();
  return k;
}

async function hubFor(k: RealKannel, over: Record<string, unknown> = {}): Promise<SmsHub> {
  const h = await smsHub({
    sms: { gateway: 'kannel', quietHours: '', kannel: { sendsmsUrl: k.sendsmsUrl, username: k.username, password: k.password, from: 'UBNDXA' }, ...over },
  });
  cleanups.push(() => h.close());
  return h;
}

const READY_PLAIN = 'UBND xa Vi Du: ho so HS-2026-0042 (Dang ky khai sinh) da co ket qua. Moi ong/ba den bo phan mot cua nhan. DT 0243 826 1234';

describe('a real Kannel (bearerbox + smsbox + fakesmsc)', () => {
  beforeAll(() => {
    if (!kannelInstalled()) throw new Error('Kannel is not installed: run scripts/ensure-system-deps.sh (apt-get install kannel kannel-extras)');
  });

  it('the SMS reaches the SMSC unaccented with the number, and the delivery reports come back and update the status', async () => {
    const k = await kannel();
    const h = await hubFor(k, { contactPhone: '0243 826 1234' });
    const id = h.enqueue({ to: '0912 345 678' });
    const got = await until(() => k.received()[0], 'fakesmsc to receive the SMS').catch((e) => {
      throw new Error(`${e.message}\n${k.log()}\n${JSON.stringify(h.row(id))}`);
    });
    expect(got).toEqual({ from: 'UBNDXA', to: '+84912345678', type: 'text', text: READY_PLAIN });
    // Kannel reports SMSC-accepted (8), then delivered (1), to our dlr-url
    await until(() => h.row(id).status === 'delivered', 'the delivered report');
    expect(h.row(id)).toMatchObject({ status: 'delivered', gateway: 'kannel', encoding: 'gsm7', attempts: 1, gateway_status: 'dlr-1-delivered' });
    expect(h.row(id).sent_at).not.toBeNull();
    expect(k.received()).toHaveLength(1);
  });

  it('a template that keeps accents goes out as UCS-2 (coding=2) and arrives intact', async () => {
    const k = await kannel();
    const h = await hubFor(k);
    const put = await h.admin.call('PUT', '/api/admin/sms/templates/ready', { body: '{communeName}: hồ sơ {fileCode} đã có kết quả.', keepAccents: true });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ kind: 'ready', keepAccents: true, preview: { encoding: 'ucs2', segments: 1 } });
    const id = h.enqueue({ to: '+84987654321' });
    const got = await until(() => k.received()[0], 'fakesmsc to receive the SMS');
    expect(got).toEqual({ from: 'UBNDXA', to: '+84987654321', type: 'ucs-2', text: 'UBND xã Ví Dụ: hồ sơ HS-2026-0042 đã có kết quả.' });
    await until(() => h.row(id).status === 'delivered', 'delivered');
    expect(h.row(id).encoding).toBe('ucs2');
  });

  it('a delivery report with a wrong token is refused and changes nothing', async () => {
    const k = await kannel();
    const h = await hubFor(k);
    const id = h.enqueue({ to: '+84912345678' });
    await until(() => h.row(id).status === 'delivered', 'delivered');
    const other = h.enqueue({ to: '+84912345679' });
    await until(() => h.row(other).status === 'delivered', 'delivered');
    const res = await fetch(`${h.url}/api/sms/kannel/dlr/${other}?type=16&token=${h.hub.services.sms.callbackToken(id)}`);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect((await fetch(`${h.url}/api/sms/kannel/dlr/${other}?type=16`)).status).toBe(403);
    expect(h.row(other).status).toBe('delivered');
  });

  it('Kannel accepted but the answer was lost: the delivery report settles it and it is never sent twice', async () => {
    const k = await kannel();
    const proxy = await answerEatingProxy(k.ports.sendsms);
    cleanups.push(() => proxy.close());
    const h = await hubFor(k, { kannel: { sendsmsUrl: `http://127.0.0.1:${proxy.port}/cgi-bin/sendsms`, username: k.username, password: k.password, from: 'UBNDXA' }, requestTimeoutMs: 1500, unconfirmedAfterMs: 600_000 });
    const id = h.enqueue({ to: '+84912345678' });
    await until(() => k.received().length === 1, 'fakesmsc to receive the SMS');
    // the hub heard nothing, yet Kannel's reports name our message: delivered, and nothing is sent again
    await until(() => h.row(id).status === 'delivered', 'the delivery report to settle the unanswered attempt');
    expect(h.row(id).attempts).toBe(1);
    h.clock.advance(3_600_000);
    await h.hub.services.sms.worker.runOnce();
    expect(h.row(id).status).toBe('delivered');
    expect(k.received()).toHaveLength(1);
    expect(proxy.forwarded()).toBeGreaterThanOrEqual(1);
  });

  it('Kannel down (connection refused) for a while, then up: every message goes out exactly once', async () => {
    const k = await kannel(false);
    const h = await hubFor(k);
    const numbers = ['+84911111111', '+84922222222', '+84933333333'];
    const ids = numbers.map((to) => h.enqueue({ to }));
    await until(() => ids.every((id) => h.row(id).attempts >= 1 && h.row(id).status === 'queued'), 'first attempts to be refused');
    expect(h.row(ids[0]!).last_error_code).toBe('network-ECONNREFUSED');
    await h.hub.services.sms.worker.runOnce(); // the clock has not moved: nothing is due yet
    expect(h.row(ids[0]!).attempts).toBe(1);
    await k.start();
    h.clock.advance(60_000); // past the first back-off
    await until(() => ids.every((id) => h.row(id).status === 'delivered'), 'all delivered after Kannel came back');
    expect(k.received().map((m) => m.to).sort()).toEqual(numbers);
    expect(ids.map((id) => h.row(id).attempts)).toEqual([2, 2, 2]);
  });
});
