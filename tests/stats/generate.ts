import { dayBounds, localDay } from '@onestop/shared';
import type { Db } from '../../hub/src/db/open.js';

/**
 * A commune's year (or any span) written straight into a hub database: counters, staff, procedures in several
 * fields, devices, ratings (button and touch, flagged, reasons, comments, some credited to a staff member and a
 * file), files with their events (ready, returned, late, apologies) and SMS. Deterministic for a seed. Used by the
 * statistics tests (checked against a plain recomputation) and by `npm run bench:stats`.
 */
export interface GenerateOptions {
  from: string;
  days: number;
  ratings: number;
  files: number;
  seed?: number;
  counters?: number;
  staff?: number;
}

export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = ['Hộ tịch', 'Chứng thực', 'Đất đai', 'Lao động – Thương binh và Xã hội', 'Xây dựng'];
const COMMENTS = ['Cán bộ nhiệt tình, chu đáo.', 'Chờ hơi lâu.', 'Gọi lại cho tôi số 0912 345 678 nhé', 'Hướng dẫn rõ ràng, cảm ơn!', 'Phòng chờ nóng, cần thêm quạt.'];
const REASONS = ['waiting-time', 'attitude', 'unclear-guidance', 'extra-documents', 'facilities', 'other'];

export function generate(db: Db, o: GenerateOptions): { counters: string[]; staff: string[] } {
  const rand = rng(o.seed ?? 42);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const nCounters = o.counters ?? 5;
  const nStaff = o.staff ?? 10;
  const t0 = dayBounds(o.from).start;
  const created = t0 - 30 * 86_400_000;
  const counters: string[] = [];
  const staff: string[] = [];
  const devices: { id: string; counter: string; kind: 'agent' | 'kiosk' }[] = [];
  const procs: { code: string; name: string; days: number }[] = [];

  db.transaction(() => {
    for (let i = 1; i <= nCounters; i++) {
      const id = `q-gen-${i}`;
      counters.push(id);
      db.prepare('INSERT INTO counters (id, name, buttons, min_interval_s, created_at) VALUES (?, ?, 5, 0, ?)').run(id, `Quầy ${i}`, created);
      for (const kind of ['agent', 'kiosk'] as const) {
        const d = `d-gen-${i}-${kind}`;
        devices.push({ id: d, counter: id, kind });
        db.prepare(
          "INSERT INTO devices (id, counter_id, kind, label, token_hash, buttons, button_map, min_interval_s, created_at) VALUES (?, ?, ?, ?, ?, 5, '[5,4,3,2,1]', 0, ?)",
        ).run(d, id, kind, `${kind} ${i}`, `hash-${d}`, created);
      }
    }
    for (let i = 1; i <= nStaff; i++) {
      const id = `u-gen-${i}`;
      staff.push(id);
      db.prepare("INSERT INTO users (id, username, display_name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, 'staff', 'x', ?, ?)").run(
        id,
        `canbo${i}`,
        `Cán bộ Số ${i}`,
        created,
        created,
      );
    }
    for (let i = 1; i <= 20; i++) {
      const p = { code: `TT-${String(i).padStart(2, '0')}`, name: `Thủ tục số ${i}`, days: [0, 1, 3, 5, 7][i % 5]! };
      procs.push(p);
      db.prepare('INSERT INTO procedures (code, name, field, processing_days, fee, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)').run(p.code, p.name, FIELDS[i % FIELDS.length], p.days, created, created);
    }
  })();

  // a random working-hours instant in the span: Monday–Saturday, 7:00–17:00 local, busier in the morning
  const instant = () => {
    for (;;) {
      const d = Math.floor(rand() * o.days);
      const start = t0 + d * 86_400_000;
      const wd = new Date(start + 7 * 3600_000).getUTCDay();
      if (wd === 0 && rand() < 0.9) continue;
      const h = 7 + Math.floor(Math.pow(rand(), 1.3) * 10);
      return start + h * 3600_000 + Math.floor(rand() * 3600_000);
    }
  };

  const insFile = db.prepare(
    `INSERT INTO files (id, code, procedure_code, procedure_name, processing_days, citizen_name, name_folded, phone, counter_id, received_by, received_at, due_date, status, status_at,
       apologies, ready_at, closed_at, late_since, created_at)
     VALUES (@id, @code, @procedure_code, @procedure_name, @processing_days, @citizen_name, @name_folded, @phone, @counter_id, @received_by, @received_at, @due_date, @status, @status_at,
       @apologies, @ready_at, @closed_at, @late_since, @created_at)`,
  );
  const insEvent = db.prepare('INSERT INTO file_events (file_id, at, kind, from_status, to_status, counter_id, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insSms = db.prepare(
    `INSERT INTO sms_messages (id, kind, file_id, to_phone, body, encoding, segments, status, attempts, created_at, valid_until, sent_at, delivered_at, failed_at, updated_at)
     VALUES (?, 'ready', ?, ?, 'Ho so da co ket qua', 'gsm7', 1, ?, 1, ?, ?, ?, ?, ?, ?)`,
  );
  const end = t0 + o.days * 86_400_000;
  const fileIdsByCounter = new Map<string, string[]>();
  const addDays = (day: string, n: number) => localDay(dayBounds(day).start + n * 86_400_000);
  const BATCH = 5000;
  for (let b = 0; b < o.files; b += BATCH) {
    db.transaction(() => {
      for (let i = b; i < Math.min(o.files, b + BATCH); i++) {
        const p = pick(procs);
        const counter = pick(counters);
        const by = pick(staff);
        const receivedAt = instant();
        const id = `f-gen-${i}`;
        const due = addDays(localDay(receivedAt), p.days);
        // processing time: mostly within the appointment, sometimes late
        const takeDays = p.days === 0 ? (rand() < 0.9 ? 0 : 1) : Math.floor(rand() * (p.days + 2.5));
        let readyAt: number | null = receivedAt + takeDays * 86_400_000 + Math.floor(rand() * 4 * 3600_000);
        const lateSince = localDay(readyAt) > due ? addDays(due, 1) : null;
        if (readyAt >= end) readyAt = null;
        let closedAt: number | null = readyAt !== null && rand() < 0.9 ? readyAt + Math.floor(rand() * 2 * 86_400_000) : null;
        if (closedAt !== null && closedAt >= end) closedAt = null;
        const apology = lateSince !== null && lateSince <= localDay(end - 1) && rand() < 0.6;
        const status = closedAt !== null ? 'returned' : readyAt !== null ? 'ready' : 'received';
        const phone = `+849${String(10_000_000 + i).slice(-8)}`;
        insFile.run({
          id,
          code: `HS-${String(i).padStart(7, '0')}`,
          procedure_code: p.code,
          procedure_name: p.name,
          processing_days: p.days,
          citizen_name: `Công Dân ${i}`,
          name_folded: `cong dan ${i}`,
          phone,
          counter_id: counter,
          received_by: by,
          received_at: receivedAt,
          due_date: due,
          status,
          status_at: closedAt ?? readyAt ?? receivedAt,
          apologies: apology ? 1 : 0,
          ready_at: readyAt,
          closed_at: closedAt,
          late_since: lateSince !== null && lateSince <= localDay(end - 1) ? lateSince : null,
          created_at: receivedAt,
        });
        insEvent.run(id, receivedAt, 'received', null, 'received', counter, by);
        if (apology) insEvent.run(id, dayBounds(lateSince!).start + 8 * 3600_000, 'apology', 'received', 'received', counter, by);
        if (readyAt !== null) {
          insEvent.run(id, readyAt, 'ready', 'received', 'ready', counter, by);
          const sentAt = readyAt + 60_000;
          if (sentAt < end) {
            const r = rand();
            const st = r < 0.9 ? 'delivered' : r < 0.95 ? 'failed' : 'sent';
            insSms.run(`sms-gen-${i}`, id, phone, st, readyAt, readyAt + 86_400_000, sentAt, st === 'delivered' ? sentAt + 30_000 : null, st === 'failed' ? sentAt + 60_000 : null, sentAt);
          }
        }
        if (closedAt !== null) {
          insEvent.run(id, closedAt, 'returned', 'ready', 'returned', counter, by);
          const list = fileIdsByCounter.get(counter) ?? [];
          list.push(id);
          fileIdsByCounter.set(counter, list);
        }
      }
    })();
  }

  const insRating = db.prepare(
    `INSERT INTO ratings (id, device_id, counter_id, source, button, score, scale_buttons, device_time, received_at, rated_at, day, flagged, flag_reason, reasons, comment, staff_id, file_id)
     VALUES (?, ?, ?, ?, ?, ?, 5, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let b = 0; b < o.ratings; b += BATCH) {
    db.transaction(() => {
      for (let i = b; i < Math.min(o.ratings, b + BATCH); i++) {
        const dev = pick(devices);
        const at = instant();
        // counters differ, and afternoons are a little worse (what the heat map is for)
        const hour = new Date(at + 7 * 3600_000).getUTCHours();
        const bias = counters.indexOf(dev.counter) * 0.04 + (hour >= 15 ? 0.1 : 0);
        const u = rand() + bias;
        const score = u < 0.55 ? 5 : u < 0.85 ? 4 : u < 0.93 ? 3 : u < 0.98 ? 2 : 1;
        const flagged = rand() < 0.02 ? 1 : 0;
        const touch = dev.kind === 'kiosk';
        const reasons = touch && score <= 3 && rand() < 0.6 ? JSON.stringify([...new Set([pick(REASONS), pick(REASONS)])].sort()) : null;
        const comment = touch && rand() < 0.05 ? pick(COMMENTS) : null;
        const credited = rand() < 0.7 ? pick(staff) : null;
        const files = fileIdsByCounter.get(dev.counter);
        const file = files && rand() < 0.3 ? files[Math.floor(rand() * files.length)]! : null;
        insRating.run(
          `r-gen-${String(i).padStart(7, '0')}`,
          dev.id,
          dev.counter,
          touch ? 'touch' : 'button',
          touch ? null : 6 - score,
          score,
          at,
          at + 50,
          at,
          localDay(at),
          flagged,
          flagged ? 'too-fast' : null,
          reasons,
          comment,
          credited,
          file,
        );
      }
    })();
  }
  return { counters, staff };
}
