import { afterEach, describe, expect, it } from 'vitest';
import { buildDailySummary } from '../../hub/src/summary/build.js';
import { StatsQueries } from '../../hub/src/stats/queries.js';
import { RetentionService } from '../../hub/src/retention/service.js';
import { silentLogger } from '../../hub/src/log.js';
import { localDay } from '@onestop/shared';
import { waitFor } from '../helpers/procs.js';
import { DAY, opsHub, staff, type OpsHub } from './opsHub.js';

let h: OpsHub;
afterEach(async () => {
  await h?.close();
});

interface FileRow {
  code: string;
  citizen_name: string;
  name_folded: string;
  phone: string;
  status: string;
  closed_at: number | null;
}
const fileRows = () => h.db.prepare('SELECT code, citizen_name, name_folded, phone, status, closed_at FROM files ORDER BY code').all() as FileRow[];
const smsOf = (code: string) =>
  h.db.prepare('SELECT m.to_phone, m.status, m.kind, m.sent_at FROM sms_messages m JOIN files f ON f.id = m.file_id WHERE f.code = ? ORDER BY m.id').all(code) as { to_phone: string; status: string; kind: string; sent_at: number | null }[];

/** Everything a figure is computed from, for the days and ranges the data covers. */
function aggregates(days: string[]) {
  const stats = new StatsQueries(h.db);
  const commune = { code: '26734', name: 'Xã Ví Dụ' };
  return {
    summaries: days.map((d) => buildDailySummary(h.db, h.clock, { date: d, commune })),
    files: stats.fileTotals({ kind: 'custom', from: days[0]!, to: days[days.length - 1]!, days: days.length }),
    sms: stats.sms({ kind: 'custom', from: days[0]!, to: days[days.length - 1]!, days: days.length }),
  };
}

/**
 * Day 0 (Monday): five files. OLD-RET is returned and OLD-REJ rejected that day; OPEN stays in progress;
 * RECENT is returned on day 95. 100 days later, with a 90-day period, only OLD-RET and OLD-REJ lose their
 * personal data (and their SMS rows their numbers); NEW, received on day 100, is untouched.
 */
async function scenario() {
  h = await opsHub();
  const files = h.hub.services.files;
  h.hub.services.procedures.create({ code: 'HT-TTHN', name: 'Xác nhận tình trạng hôn nhân', field: 'Hộ tịch', processingDays: 3 });
  const counter = h.hub.services.counters.create({ name: 'Quầy 1', buttons: 4, minIntervalS: 0 });
  const actor = staff(h, counter.id);
  const receive = (code: string, name: string, phone: string) => files.receiveAtCounter({ code, procedureCode: 'HT-TTHN', citizenName: name, phone }, actor);
  const day0 = localDay(h.clock.now());
  receive('OLD-RET', 'Lê Văn Đức', '0912345678');
  receive('OLD-REJ', 'Phạm Thị Hoa', '0987654321');
  receive('OPEN', 'Nguyễn Văn An', '0911111111');
  receive('RECENT', 'Đỗ Thị Mai', '0922222222');
  h.clock.advance(3_600_000);
  files.transition('OLD-RET', { status: 'ready' }, actor);
  files.transition('OLD-RET', { status: 'returned' }, actor);
  files.transition('OLD-REJ', { status: 'rejected', reason: 'Không thuộc thẩm quyền' }, actor);
  h.clock.advance(95 * DAY);
  const day95 = localDay(h.clock.now());
  files.transition('RECENT', { status: 'ready' }, actor);
  files.transition('RECENT', { status: 'returned' }, actor);
  h.clock.advance(5 * DAY);
  const day100 = localDay(h.clock.now());
  receive('NEW', 'Vũ Văn Bình', '0933333333');
  // the SMS worker settles the old messages first (sent, or expired: their validity window is long past)
  await waitFor(() => (h.db.prepare("SELECT COUNT(*) AS n FROM sms_messages m JOIN files f ON f.id = m.file_id WHERE f.code <> 'NEW' AND m.status IN ('queued', 'sending')").get() as { n: number }).n === 0, 'the SMS worker to settle the old messages');
  return { days: [day0, day95, day100], counter };
}

describe('retention: personal data of files closed more than N days ago', () => {
  it('blanks exactly the old closed files’ names and phones and their SMS numbers, and changes no figure', async () => {
    const { days } = await scenario();
    // the outbox wrote SMS rows for those files (received, ready), with numbers
    expect(smsOf('OLD-RET').length).toBeGreaterThan(0);
    expect(smsOf('OLD-RET').every((m) => m.to_phone === '+84912345678')).toBe(true);
    const before = aggregates(days);
    const beforeRows = fileRows();

    const res = await h.admin.call('POST', '/api/admin/retention/run');
    expect(res.status).toBe(200);
    const oldSms = smsOf('OLD-RET').length + smsOf('OLD-REJ').length;
    expect(res.body.data).toMatchObject({ days: 90, files: 2, smsMessages: oldSms, error: null });

    const after = fileRows();
    const by = Object.fromEntries(after.map((r) => [r.code, r]));
    for (const code of ['OLD-RET', 'OLD-REJ']) expect(by[code]).toMatchObject({ citizen_name: '', name_folded: '', phone: '' });
    for (const code of ['OPEN', 'RECENT', 'NEW']) expect(by[code]).toEqual(beforeRows.find((r) => r.code === code));
    expect(by.OPEN!.phone).toBe('+84911111111');
    // statuses and times are kept: only the two personal columns changed
    expect(after.map(({ code, status, closed_at }) => ({ code, status, closed_at }))).toEqual(beforeRows.map(({ code, status, closed_at }) => ({ code, status, closed_at })));
    for (const m of [...smsOf('OLD-RET'), ...smsOf('OLD-REJ')]) expect(m.to_phone).toBe('');
    for (const m of [...smsOf('RECENT'), ...smsOf('OPEN'), ...smsOf('NEW')]) expect(m.to_phone).not.toBe('');
    // the day summaries, the statistics' file figures and the SMS figures are the same
    expect(aggregates(days)).toEqual(before);
    // no name or phone of an old file is left anywhere in those tables
    const dump = JSON.stringify(h.db.prepare('SELECT * FROM files').all()) + JSON.stringify(h.db.prepare('SELECT * FROM sms_messages').all());
    for (const s of ['Lê Văn Đức', 'Phạm Thị Hoa', '912345678', '987654321']) expect(dump).not.toContain(s);
    for (const s of ['Nguyễn Văn An', 'Đỗ Thị Mai', 'Vũ Văn Bình']) expect(dump).toContain(s);

    // the admin page's status: when it ran, what it removed, nothing pending
    const status = await h.admin.call('GET', '/api/admin/retention');
    expect(status.body.data).toMatchObject({ days: 90, pending: 0, lastRun: { files: 2, smsMessages: oldSms, startedAt: h.clock.now(), finishedAt: h.clock.now() } });
  });

  it('masks phone numbers typed into comments of ratings older than the period, keeping the comment; recent ones untouched', async () => {
    const { counter } = await scenario();
    const { code } = h.hub.services.devices.createPairingCode(counter.id);
    const device = h.hub.services.devices.pair({ code, kind: 'kiosk' });
    const insert = h.db.prepare(
      `INSERT INTO ratings (id, device_id, counter_id, source, score, scale_buttons, device_time, received_at, rated_at, day, flagged, comment)
       VALUES (?, ?, ?, 'touch', 2, 4, ?, ?, ?, ?, 0, ?)`,
    );
    const rate = (id: string, at: number, comment: string) => insert.run(id, device.deviceId, counter.id, at, at, at, localDay(at), comment);
    const now = h.clock.now();
    rate('r-old-phone', now - 120 * DAY, 'Gọi lại cho tôi số 0912 345 678 nhé, cán bộ nhiệt tình');
    rate('r-old-plain', now - 120 * DAY, 'Chờ hơi lâu');
    rate('r-recent', now - 2 * DAY, 'Số của tôi +84 987 654 321');
    const comment = (id: string) => (h.db.prepare('SELECT comment FROM ratings WHERE id = ?').get(id) as { comment: string }).comment;
    const before = aggregates([localDay(now - 120 * DAY), localDay(now - 2 * DAY)]);

    const run = await h.hub.services.retention.run();
    expect(run).toMatchObject({ comments: 1, error: null });
    expect(comment('r-old-phone')).toBe('Gọi lại cho tôi số 09xx xxx 678 nhé, cán bộ nhiệt tình');
    expect(comment('r-old-plain')).toBe('Chờ hơi lâu');
    expect(comment('r-recent')).toBe('Số của tôi +84 987 654 321');
    expect(aggregates([localDay(now - 120 * DAY), localDay(now - 2 * DAY)])).toEqual(before);
    // a second run finds nothing more to mask
    expect(await h.hub.services.retention.run()).toMatchObject({ comments: 0, error: null });
  });

  it('is idempotent: a second run removes nothing and says so', async () => {
    await scenario();
    const first = await h.hub.services.retention.run();
    const second = await h.hub.services.retention.run();
    expect(first.files).toBe(2);
    expect(second).toMatchObject({ files: 0, smsMessages: 0, error: null });
    expect((await h.admin.call('GET', '/api/admin/retention')).body.data.runs).toHaveLength(2);
  });

  it('works in short batches (one file per transaction here) with the same result', async () => {
    await scenario();
    const small = new RetentionService(h.db, h.clock, silentLogger(), () => ({ days: 90, batchSize: 1 }));
    const run = await small.run();
    expect(run.files).toBe(2);
    expect(fileRows().filter((r) => r.phone === '').map((r) => r.code)).toEqual(['OLD-REJ', 'OLD-RET']);
  });

  it('takes the period from its settings: with 120 days nothing is old enough yet', async () => {
    await scenario();
    const longer = new RetentionService(h.db, h.clock, silentLogger(), () => ({ days: 120, batchSize: 500 }));
    expect((await longer.run()).files).toBe(0);
    expect(fileRows().every((r) => r.phone !== '')).toBe(true);
  });

  it('is for administrators only', async () => {
    await scenario();
    expect((await fetch(`${h.url}/api/admin/retention`)).status).toBe(401);
    const run = await fetch(`${h.url}/api/admin/retention/run`, { method: 'POST', headers: { origin: h.url } });
    expect(run.status).toBe(401);
    expect(fileRows().every((r) => r.phone !== '')).toBe(true);
  });

  it('the next night takes the files newly past the period, and an SMS still unsent is left to the worker and taken later', async () => {
    await scenario();
    const files = h.hub.services.files;
    const sms = h.hub.services.sms;
    expect((await h.hub.services.retention.run()).files).toBe(2);
    // an SMS about an old file, queued but not yet settled when the job runs (the worker is stopped here, so it stays queued)
    await sms.worker.stop();
    const oldId = (h.db.prepare("SELECT id FROM files WHERE code = 'OLD-RET'").get() as { id: string }).id;
    const queued = h.db.transaction(() => sms.enqueue({ kind: 'test', fileId: oldId, to: '+84912345678', vars: {} }).id)();
    // RECENT (returned on day 95) passes the 90 days on day 185
    h.clock.advance(86 * DAY);
    const second = await h.hub.services.retention.run();
    expect(second).toMatchObject({ files: 1, smsMessages: smsOf('RECENT').length, error: null });
    expect(fileRows().find((r) => r.code === 'RECENT')).toMatchObject({ phone: '', citizen_name: '' });
    const row = () => h.db.prepare('SELECT status, to_phone FROM sms_messages WHERE id = ?').get(queued) as { status: string; to_phone: string };
    expect(row()).toEqual({ status: 'queued', to_phone: '+84912345678' });
    // the gateway reports it sent; the next run blanks it (the look-back covers it), and nothing else
    sms.applyReport(queued, { status: 'sent', gatewayStatus: 'accepted' });
    const third = await h.hub.services.retention.run();
    expect(third).toMatchObject({ files: 0, smsMessages: 1 });
    expect(row().to_phone).toBe('');
  });
});
