import fs from 'node:fs';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../kit/index.js';
import { waitFor } from '../helpers/procs.js';
import { at, SECRET, senderHub, standIn, validateSummary, type SenderHub } from './sender.helpers.js';

const DAY = 86_400_000;
let hub: SenderHub | null = null;
let stand: Awaited<ReturnType<typeof standIn>> | null = null;
afterEach(async () => {
  await hub?.close();
  await stand?.close();
  hub = null;
  stand = null;
});

const status = (h: SenderHub) => h.rows().map((r) => `${r.day}#${r.revision}:${r.status}`);

describe('upstream sender against a stand-in receiver', () => {
  it('signs each summary exactly as the contract says, and every body validates against the schema', async () => {
    stand = await standIn();
    const clock = new TestClock(at('2026-11-21', 9));
    hub = await senderHub({ clock, url: stand.url });
    await hub.rate(5, at('2026-11-21', 9));
    await hub.rate(2, at('2026-11-21', 9, 5));
    clock.t = at('2026-11-22', 8);
    await hub.hub.services.upstream.runOnce();

    const [req] = stand.received;
    expect(stand.received).toHaveLength(1);
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/api/v1/summaries');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['x-commune-code']).toBe('26734');
    expect(req!.headers['x-timestamp']).toBe(String(Math.floor(clock.t / 1000)));
    expect(req!.headers['idempotency-key']).toBe('26734/2026-11-21/1');
    const mac = crypto.createHmac('sha256', SECRET).update(`${req!.headers['x-timestamp']}.${req!.raw.toString('utf8')}`).digest('hex');
    expect(req!.headers['x-signature']).toBe(`sha256=${mac}`);
    expect(req!.signatureOk).toBe(true);
    const body = JSON.parse(req!.raw.toString('utf8'));
    expect(validateSummary(body), JSON.stringify(validateSummary.errors)).toBe(true);
    expect(body).toMatchObject({ date: '2026-11-21', revision: 1, commune: { code: '26734' }, ratings: { total: 2, byScore: { '5': 1, '2': 1 } } });
    expect(status(hub)).toEqual(['2026-11-21#1:sent']);
  });

  it('a week with the receiver down for six days, then up: seven summaries arrive in date order, each once', async () => {
    stand = await standIn();
    let down = true;
    stand.answer(() => (down ? 'drop' : { status: 200, body: { status: 'stored' } }));
    const clock = new TestClock(at('2026-11-01', 8));
    hub = await senderHub({ clock, url: stand.url });
    const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07'];
    for (const [i, day] of days.entries()) {
      clock.t = at(day, 9);
      for (let k = 0; k <= i; k++) await hub.rate(4, at(day, 9, k));
      clock.t = at(day, 23, 56); // after the send time: today is due
      if (i === 6) down = false;
      // several rounds a day, as the loop would run them (each an hour apart, so back-off timers come due)
      for (let round = 0; round < 10; round++) {
        await hub.hub.services.upstream.runOnce();
        clock.advance(3_600_000 / 10);
      }
    }
    const ok = stand.summaries().slice(-7);
    expect(ok.map((r) => r.body.date)).toEqual(days);
    expect(ok.map((r) => r.body.revision)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(ok.map((r) => r.body.ratings.total)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const r of ok) expect(validateSummary(r.body), JSON.stringify(validateSummary.errors)).toBe(true);
    expect(stand.summaries().length).toBeGreaterThan(7); // the cut-off attempts were there too
    expect(hub.rows()[0]!.attempts).toBeGreaterThan(6);
    // while the receiver was down, nothing after the first pending day was tried (in date order)
    const attemptedDates = stand.summaries().map((r) => r.body.date);
    expect([...attemptedDates].sort()).toEqual(attemptedDates);
    expect(status(hub)).toEqual(days.map((d) => `${d}#1:sent`));
    // more rounds change nothing: no day is sent twice
    const n = stand.received.length;
    clock.advance(DAY);
    await hub.hub.services.upstream.runOnce();
    expect(stand.summaries().slice(n).map((r) => r.body.date)).toEqual(['2026-11-08']);
  });

  it('late data for a day already sent raises the revision; unchanged days are not sent again', async () => {
    stand = await standIn();
    const clock = new TestClock(at('2026-11-21', 9));
    hub = await senderHub({ clock, url: stand.url });
    await hub.rate(5, at('2026-11-21', 9));
    clock.t = at('2026-11-22', 1);
    await hub.hub.services.upstream.runOnce();
    expect(stand.summaries().map((r) => [r.body.date, r.body.revision, r.body.ratings.total])).toEqual([['2026-11-21', 1, 1]]);

    // a counter that was offline delivers yesterday's presses this morning
    clock.t = at('2026-11-22', 8);
    await hub.rate(1, at('2026-11-21', 16));
    await hub.rate(1, at('2026-11-21', 16, 1));
    clock.advance(6 * 60_000); // the next cheap check
    await hub.hub.services.upstream.runOnce();
    const s = stand.summaries();
    expect(s.map((r) => [r.body.date, r.body.revision, r.body.ratings.total])).toEqual([
      ['2026-11-21', 1, 1],
      ['2026-11-21', 2, 3],
    ]);
    expect(s[1]!.headers['idempotency-key']).toBe('26734/2026-11-21/2');
    expect(validateSummary(s[1]!.body)).toBe(true);
    expect(status(hub)).toEqual(['2026-11-21#1:sent', '2026-11-21#2:sent']);
    clock.advance(6 * 60_000);
    await hub.hub.services.upstream.runOnce();
    expect(stand.summaries()).toHaveLength(2);
    // a counter opened today is listed (with nothing) in every day's figures: not a change of a past day
    hub.hub.services.counters.create({ name: 'Quầy 2', buttons: 3, minIntervalS: 0 });
    expect(hub.hub.services.upstream.check({ full: true })).toEqual([]);
  });

  it('a clock that jumps forward then back neither skips nor duplicates a day', async () => {
    stand = await standIn();
    const clock = new TestClock(at('2026-11-10', 9));
    hub = await senderHub({ clock, url: stand.url });
    await hub.rate(3, at('2026-11-10', 9));
    await hub.hub.services.upstream.runOnce(); // 10th not complete yet: nothing
    expect(stand.received).toHaveLength(0);
    clock.t = at('2026-11-14', 10); // power cut, NTP puts the clock four days on
    await hub.hub.services.upstream.runOnce();
    expect(stand.summaries().map((r) => r.body.date)).toEqual(['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13']);
    clock.t = at('2026-11-11', 12); // and back again (a wrong correction)
    await hub.hub.services.upstream.runOnce();
    await hub.hub.services.upstream.runOnce();
    clock.t = at('2026-11-15', 0, 30); // then right
    await hub.hub.services.upstream.runOnce();
    expect(stand.summaries().map((r) => `${r.body.date}#${r.body.revision}`)).toEqual(['2026-11-10#1', '2026-11-11#1', '2026-11-12#1', '2026-11-13#1', '2026-11-14#1']);
    expect(new Set(hub.rows().map((r) => r.day)).size).toBe(hub.rows().length);
  });

  it('a summary queued but never sent takes newer figures in place (no extra revision)', async () => {
    const clock = new TestClock(at('2026-11-21', 9));
    hub = await senderHub({ clock, url: 'http://127.0.0.1:9', policy: { timeoutMs: 500 } });
    await hub.rate(5, at('2026-11-21', 9));
    clock.t = at('2026-11-22', 1);
    hub.hub.services.upstream.check({ full: true });
    await hub.rate(4, at('2026-11-21', 20));
    hub.hub.services.upstream.check({ full: true });
    expect(hub.rows().map((r) => [r.day, r.revision, r.status, JSON.parse(r.body).ratings.total])).toEqual([['2026-11-21', 1, 'pending', 2]]);
    // once an attempt was made, the receiver may hold it: a change is a new revision, the old one superseded
    await hub.hub.services.upstream.sendPass();
    await hub.rate(3, at('2026-11-21', 21));
    hub.hub.services.upstream.check({ full: true });
    expect(hub.rows().map((r) => [r.revision, r.status])).toEqual([
      [1, 'superseded'],
      [2, 'pending'],
    ]);
    expect(hub.rows()[0]!.last_error).toBe('network-error');
  });

  it('temporary failures back off exponentially with jitter, capped, and the day is retried until it gets through', async () => {
    stand = await standIn();
    let n = 0;
    stand.answer(() => (++n <= 12 ? { status: 502, body: {} } : { status: 200, body: { status: 'stored' } }));
    const clock = new TestClock(at('2026-11-21', 9));
    hub = await senderHub({ clock, url: stand.url, policy: { backoff: { baseMs: 1000, maxMs: 60_000 } } });
    await hub.rate(5, at('2026-11-21', 9));
    clock.t = at('2026-11-22', 1);
    hub.hub.services.upstream.check({ full: true });
    const delays: number[] = [];
    for (let i = 0; i < 13; i++) {
      await hub.hub.services.upstream.sendPass();
      const r = hub.rows()[0]!;
      if (r.status === 'pending') delays.push(r.next_attempt_at - clock.t);
      clock.t = r.next_attempt_at;
    }
    expect(hub.rows()[0]!.status).toBe('sent');
    expect(hub.rows()[0]!.attempts).toBe(13);
    delays.forEach((d, i) => {
      const exp = Math.min(60_000, 1000 * 2 ** i);
      expect(d).toBeGreaterThanOrEqual(exp / 2);
      expect(d).toBeLessThanOrEqual(exp);
    });
  });

  it('a 429 with Retry-After is waited out at least that long (a floor under the back-off), then sent', async () => {
    stand = await standIn();
    let n = 0;
    stand.answer(() => (++n === 1 ? { status: 429, body: { status: 'error', reason: 'rate-limited' }, headers: { 'retry-after': '120' } } : { status: 200, body: { status: 'stored' } }));
    const clock = new TestClock(at('2026-11-21', 9));
    hub = await senderHub({ clock, url: stand.url, policy: { backoff: { baseMs: 1000, maxMs: 3_600_000 } } });
    await hub.rate(5, at('2026-11-21', 9));
    clock.t = at('2026-11-22', 1);
    await hub.hub.services.upstream.runOnce();
    const r = hub.rows()[0]!;
    expect(r).toMatchObject({ status: 'pending', last_status: 429, last_error: 'rate-limited' });
    expect(r.next_attempt_at - clock.t).toBeGreaterThanOrEqual(120_000);
    clock.advance(119_000);
    await hub.hub.services.upstream.sendPass();
    expect(stand.received).toHaveLength(1);
    clock.advance(1_000);
    await hub.hub.services.upstream.sendPass();
    expect(hub.rows()[0]!.status).toBe('sent');
  });

  it('400 and 409 are permanent for that day, shown with the receiver\'s reason, not retried; later days still go; "send again" sends it', async () => {
    stand = await standIn();
    stand.answer((r) => {
      const b = JSON.parse(r.raw.toString('utf8'));
      if (b.date === '2026-11-20') return { status: 409, body: { status: 'error', reason: 'stale-revision' } };
      if (b.date === '2026-11-21') return { status: 400, body: { status: 'error', reason: 'invalid-body', detail: [{ path: '/ratings' }] } };
      return { status: 200, body: { status: 'stored' } };
    });
    const clock = new TestClock(at('2026-11-20', 9));
    hub = await senderHub({ clock, url: stand.url });
    await hub.rate(5, at('2026-11-20', 9));
    clock.t = at('2026-11-23', 1);
    await hub.hub.services.upstream.runOnce();
    expect(status(hub)).toEqual(['2026-11-20#1:failed', '2026-11-21#1:failed', '2026-11-22#1:sent']);
    const list = await hub.admin.call('GET', '/api/admin/upstream/summaries');
    expect(list.status).toBe(200);
    const byDate = Object.fromEntries(list.body.data.map((s: { date: string }) => [s.date, s]));
    expect(byDate['2026-11-20']).toMatchObject({ revision: 1, status: 'failed', attempts: 1, lastStatus: 409, lastError: 'stale-revision' });
    expect(byDate['2026-11-21']).toMatchObject({ status: 'failed', lastStatus: 400, lastError: 'invalid-body', lastDetail: '[{"path":"/ratings"}]' });
    // not retried, however long we wait
    clock.advance(3 * DAY);
    const before = stand.summaries().filter((r) => r.body.date <= '2026-11-21').length;
    await hub.hub.services.upstream.runOnce();
    await hub.hub.services.upstream.runOnce();
    expect(stand.summaries().filter((r) => r.body.date <= '2026-11-21')).toHaveLength(before);
    // the receiver is fixed; the admin presses "send again"
    stand.answer(() => ({ status: 200, body: { status: 'stored' } }));
    const again = await hub.admin.call('POST', '/api/admin/upstream/summaries/2026-11-20/resend');
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ date: '2026-11-20', status: 'pending' });
    await hub.hub.services.upstream.sendPass();
    expect(hub.rows().find((r) => r.day === '2026-11-20')).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('401 holds the whole queue until the settings change or an admin sends again, and is never retried blindly', async () => {
    stand = await standIn();
    const clock = new TestClock(at('2026-11-20', 9));
    hub = await senderHub({ clock, url: stand.url, secret: 'the-wrong-secret' });
    stand.answer((r) => (r.signatureOk ? { status: 200, body: { status: 'stored' } } : { status: 401, body: { status: 'error', reason: 'unauthorized' } }));
    await hub.rate(5, at('2026-11-20', 9));
    clock.t = at('2026-11-23', 1);
    await hub.hub.services.upstream.runOnce();
    expect(stand.received).toHaveLength(1);
    expect(status(hub)).toEqual(['2026-11-20#1:failed', '2026-11-21#1:pending', '2026-11-22#1:pending']);
    const st = await hub.admin.call('GET', '/api/admin/upstream');
    expect(st.body.data).toMatchObject({ enabled: true, held: true, link: { ok: false, status: 401, reason: 'unauthorized' } });
    clock.advance(DAY);
    await hub.hub.services.upstream.runOnce();
    expect(stand.received).toHaveLength(1);
    // the province gives the right key
    hub.settings.secret = SECRET;
    await hub.hub.services.upstream.runOnce();
    expect(status(hub)).toEqual(['2026-11-20#1:failed', '2026-11-21#1:sent', '2026-11-22#1:sent', '2026-11-23#1:sent']);
    await hub.admin.call('POST', '/api/admin/upstream/summaries/2026-11-20/resend');
    await hub.hub.services.upstream.sendPass();
    expect(status(hub)[0]).toBe('2026-11-20#1:sent');
  });

  it('a day the receiver keeps refusing with 5xx stops holding back the days after it, and keeps being retried', async () => {
    stand = await standIn();
    stand.answer((r) => (JSON.parse(r.raw.toString('utf8')).date === '2026-11-20' ? { status: 500, body: {} } : { status: 200, body: { status: 'stored' } }));
    const clock = new TestClock(at('2026-11-20', 9));
    hub = await senderHub({ clock, url: stand.url, policy: { backoff: { baseMs: 1000, maxMs: 10_000 }, blockingAttempts: 3 } });
    await hub.rate(5, at('2026-11-20', 9));
    clock.t = at('2026-11-22', 1);
    for (let i = 0; i < 6; i++) {
      await hub.hub.services.upstream.runOnce();
      clock.advance(10_001);
    }
    const dates = stand.summaries().map((r) => r.body.date);
    expect(dates.slice(0, 3)).toEqual(['2026-11-20', '2026-11-20', '2026-11-20']);
    expect(dates).toContain('2026-11-21');
    expect(dates.filter((d) => d === '2026-11-20').length).toBeGreaterThan(3);
    expect(status(hub)).toEqual(['2026-11-20#1:pending', '2026-11-21#1:sent']);
  });

  it('with no upstream URL nothing is queued or sent; the admin API says so with a reason code', async () => {
    const clock = new TestClock(at('2026-11-21', 9));
    hub = await senderHub({ clock });
    await hub.rate(5, at('2026-11-21', 9));
    clock.t = at('2026-11-23', 1);
    await hub.hub.services.upstream.runOnce();
    expect(hub.rows()).toEqual([]);
    const t = await hub.admin.call('POST', '/api/admin/upstream/test');
    expect(t).toMatchObject({ status: 409, body: { ok: false, reason: 'upstream-not-configured' } });
    const st = await hub.admin.call('GET', '/api/admin/upstream');
    expect(st.body.data).toMatchObject({ enabled: false, url: null, sendAt: '23:55' });
  });

  it('the admin API refuses bad input with a reason code and changes nothing; it needs an admin', async () => {
    stand = await standIn();
    const clock = new TestClock(at('2026-11-21', 9));
    hub = await senderHub({ clock, url: stand.url });
    clock.t = at('2026-11-22', 1);
    hub.hub.services.upstream.check({ full: true });
    const before = hub.rows();
    expect((await fetch(`${hub.url}/api/admin/upstream/summaries`)).status).toBe(401);
    expect(await hub.admin.call('POST', '/api/admin/upstream/summaries/2026-13-45/resend')).toMatchObject({ status: 400, body: { reason: 'bad-date' } });
    expect(await hub.admin.call('POST', '/api/admin/upstream/summaries/2026-10-01/resend')).toMatchObject({ status: 404, body: { reason: 'not-found' } });
    expect(await hub.admin.call('GET', '/api/admin/upstream/summaries?status=lost')).toMatchObject({ status: 400, body: { reason: 'invalid-payload' } });
    expect(await hub.admin.call('GET', '/api/admin/upstream/summaries?from=yesterday')).toMatchObject({ status: 400, body: { reason: 'invalid-payload' } });
    expect(hub.rows()).toEqual(before);
    expect(stand.received).toHaveLength(0);
  });

  it('the link test asks the receiver\'s signed ping; a refused key is reported, not hidden', async () => {
    stand = await standIn();
    stand.answer((r) => (r.path === '/api/v1/ping' && r.signatureOk ? { status: 200, body: { status: 'ok' } } : { status: 401, body: { status: 'error', reason: 'unauthorized' } }));
    const clock = new TestClock(at('2026-11-21', 9));
    hub = await senderHub({ clock, url: stand.url });
    const ok = await hub.admin.call('POST', '/api/admin/upstream/test');
    expect(ok.body.data).toMatchObject({ ok: true, status: 200, source: 'test' });
    expect(stand.received[0]).toMatchObject({ method: 'GET', path: '/api/v1/ping', signatureOk: true });
    hub.settings.secret = 'wrong';
    const bad = await hub.admin.call('POST', '/api/admin/upstream/test');
    expect(bad.body.data).toMatchObject({ ok: false, status: 401, reason: 'unauthorized' });
    expect((await hub.admin.call('GET', '/api/admin/upstream')).body.data.link).toMatchObject({ ok: false, status: 401 });
  });

  it('stopping the hub cuts a request in flight at once; the day stays pending and goes at the next start', async () => {
    stand = await standIn();
    stand.answer(() => 'hang');
    const clock = new TestClock(at('2026-11-21', 9));
    hub = await senderHub({ clock, url: stand.url, policy: { timeoutMs: 60_000 } });
    await hub.rate(5, at('2026-11-21', 9));
    clock.t = at('2026-11-22', 1);
    const pass = hub.hub.services.upstream.runOnce();
    await waitFor(() => stand!.received.length === 1, 'the request to arrive');
    const file = hub.db.name;
    const stopped = hub;
    hub = null;
    // the stand-in never answers and the policy would wait 60 s: the hub stops without that answer (the test's own
    // time limit is the bound), and the attempt it cut is recorded as a timeout, the day still to send
    await stopped.stop();
    await pass;
    expect(stand.received).toHaveLength(1);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT day, revision, status, last_error FROM upstream_summaries').all()).toEqual([{ day: '2026-11-21', revision: 1, status: 'pending', last_error: 'timeout' }]);
      expect(db.prepare('SELECT attempts FROM upstream_summaries').get()).toEqual({ attempts: 1 });
    } finally {
      db.close();
      fs.rmSync(stopped.dataDir, { recursive: true, force: true });
    }
  });
});
