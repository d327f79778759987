import { dayBounds, localDay, type ScoreCounts } from '@onestop/shared';
import type { Db } from '../../hub/src/db/open.js';
import type { StatsRange } from '../../hub/src/stats/range.js';

/**
 * The statistics recomputed the plain way: every row loaded into JS and counted with loops and ifs, no SQL
 * grouping. What the hub's SQL answers must equal this.
 */
type Rating = { id: string; counter_id: string; staff_id: string | null; file_id: string | null; source: string; score: number; flagged: number; day: string; rated_at: number; reasons: string | null; comment: string | null };
type File = { id: string; counter_id: string | null; received_by: string | null; procedure_code: string; received_at: number; ready_at: number | null; closed_at: number | null; late_since: string | null };
type Event = { file_id: string; at: number; kind: string };
type Sms = { status: string; sent_at: number | null; delivered_at: number | null; failed_at: number | null };

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

function block(rs: Rating[]) {
  const byScore: ScoreCounts = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let flagged = 0;
  let sum = 0;
  for (const r of rs) {
    if (r.flagged) flagged++;
    else {
      byScore[String(r.score) as keyof ScoreCounts]++;
      sum += r.score;
    }
  }
  const total = rs.length - flagged;
  return {
    total,
    flagged,
    byScore,
    level3: { verySatisfied: byScore['5'], satisfied: byScore['4'], notSatisfied: byScore['1'] + byScore['2'] + byScore['3'] },
    satisfactionRate: total ? round((byScore['5'] + byScore['4']) / total, 4) : null,
    meanScore: total ? round(sum / total, 2) : null,
  };
}

export function recompute(db: Db, range: StatsRange) {
  const ratings = (db.prepare('SELECT * FROM ratings').all() as Rating[]).filter((r) => r.day >= range.from && r.day <= range.to);
  const files = db.prepare('SELECT * FROM files').all() as File[];
  const events = db.prepare('SELECT file_id, at, kind FROM file_events').all() as Event[];
  const sms = db.prepare('SELECT status, sent_at, delivered_at, failed_at FROM sms_messages').all() as Sms[];
  const procedures = new Map((db.prepare('SELECT code, field FROM procedures').all() as { code: string; field: string }[]).map((p) => [p.code, p.field]));
  const fileById = new Map(files.map((f) => [f.id, f]));
  const start = dayBounds(range.from).start;
  const end = dayBounds(range.to).end;
  const inWindow = (t: number | null) => t !== null && t >= start && t < end;

  const reasons: Record<string, number> = {};
  for (const r of ratings) if (!r.flagged && r.reasons) for (const x of JSON.parse(r.reasons) as string[]) reasons[x] = (reasons[x] ?? 0) + 1;

  function fileBlock(fs: File[]) {
    const ids = new Set(fs.map((f) => f.id));
    const evs = events.filter((e) => ids.has(e.file_id) && inWindow(e.at));
    const readyIds = new Set(evs.filter((e) => e.kind === 'ready').map((e) => e.file_id));
    const returnedIds = new Set(evs.filter((e) => e.kind === 'returned').map((e) => e.file_id));
    const returned = [...returnedIds].map((id) => fileById.get(id)!);
    const lateReturned = returned.filter((f) => f.late_since !== null).length;
    const days = returned.map((f) => ((f.ready_at ?? f.closed_at)! - f.received_at) / 86_400_000);
    return {
      received: fs.filter((f) => inWindow(f.received_at)).length,
      ready: readyIds.size,
      returned: returnedIds.size,
      late: fs.filter((f) => f.late_since !== null && f.late_since >= range.from && f.late_since <= range.to).length,
      returnedOnTime: returned.length - lateReturned,
      returnedLate: lateReturned,
      inProgress: fs.filter((f) => f.received_at < end && (f.closed_at === null || f.closed_at >= end)).length,
      avgProcessingDays: days.length ? round(days.reduce((a, b) => a + b, 0) / days.length, 1) : null,
      apologies: evs.filter((e) => e.kind === 'apology').length,
    };
  }

  const ratingKey = {
    counter: (r: Rating) => r.counter_id,
    staff: (r: Rating) => r.staff_id ?? '',
    procedure: (r: Rating) => (r.file_id ? fileById.get(r.file_id)!.procedure_code : ''),
    field: (r: Rating) => (r.file_id ? procedures.get(fileById.get(r.file_id)!.procedure_code)! : ''),
    source: (r: Rating) => r.source,
  };
  const fileKey = {
    counter: (f: File) => f.counter_id ?? '',
    staff: (f: File) => f.received_by ?? '',
    procedure: (f: File) => f.procedure_code,
    field: (f: File) => procedures.get(f.procedure_code)!,
  };
  const breakdown: Record<string, Record<string, { ratings: ReturnType<typeof block>; files: ReturnType<typeof fileBlock> | null }>> = {};
  for (const [dim, key] of Object.entries(ratingKey)) {
    const out: (typeof breakdown)[string] = {};
    const keys = new Set(ratings.map(key));
    const fk = fileKey[dim as keyof typeof fileKey];
    if (fk) {
      // a key shows when it has any figure in the period
      for (const f of files) {
        const b = fileBlock([f]);
        if (b.received || b.ready || b.returned || b.late || b.apologies || b.inProgress) keys.add(fk(f));
      }
    }
    for (const k of keys) {
      out[k] = { ratings: block(ratings.filter((r) => key(r) === k)), files: fk ? fileBlock(files.filter((f) => fk(f) === k)) : null };
    }
    breakdown[dim] = out;
  }

  const trend: { day: string; total: number; flagged: number; filesReceived: number; filesReturned: number }[] = [];
  for (let t = start; t < end; t += 86_400_000) {
    const day = localDay(t);
    const b = block(ratings.filter((r) => r.day === day));
    const ret = new Set(events.filter((e) => e.kind === 'returned' && localDay(e.at) === day).map((e) => e.file_id));
    trend.push({ day, total: b.total, flagged: b.flagged, filesReceived: files.filter((f) => localDay(f.received_at) === day).length, filesReturned: ret.size });
  }

  const heat = new Map<string, { total: number; satisfied: number }>();
  for (const r of ratings) {
    if (r.flagged) continue;
    const k = `${new Date(`${r.day}T00:00:00Z`).getUTCDay()}-${new Date(r.rated_at + 7 * 3600_000).getUTCHours()}`;
    const c = heat.get(k) ?? { total: 0, satisfied: 0 };
    c.total++;
    if (r.score >= 4) c.satisfied++;
    heat.set(k, c);
  }

  return {
    ratings: { ...block(ratings), reasons, comments: ratings.filter((r) => r.comment !== null).length },
    files: fileBlock(files),
    sms: {
      sent: sms.filter((m) => inWindow(m.sent_at)).length,
      delivered: sms.filter((m) => m.status === 'delivered' && inWindow(m.delivered_at)).length,
      failed: sms.filter((m) => (m.status === 'failed' || m.status === 'expired') && inWindow(m.failed_at)).length,
    },
    breakdown,
    trend,
    heat,
  };
}
