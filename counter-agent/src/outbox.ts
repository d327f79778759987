import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { RatingEvent } from '@onestop/shared';

export interface OutboxItem {
  n: number;
  id: string;
  event: RatingEvent;
}

/**
 * The agent's durable queue. A press is committed here (synchronous=FULL: synced before the commit returns)
 * before the box gets its $ACK, and leaves only when the hub acknowledged it. The seqs seen since the box's last
 * $HELLO live in the same file, so a retransmitted $PRESS is recognised even across an agent restart.
 */
export class Outbox {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS outbox (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        rejected TEXT
      );
      CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(sent_at, rejected, n);
      CREATE TABLE IF NOT EXISTS box_seen (
        serial TEXT NOT NULL,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        PRIMARY KEY (serial, seq)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.stmts = {
      seen: this.db.prepare('SELECT id FROM box_seen WHERE serial = ? AND seq = ?'),
      markSeen: this.db.prepare('INSERT INTO box_seen (serial, seq, id) VALUES (?, ?, ?)'),
      insert: this.db.prepare('INSERT INTO outbox (id, payload, created_at) VALUES (?, ?, ?)'),
      next: this.db.prepare('SELECT n, id, payload FROM outbox WHERE sent_at IS NULL AND rejected IS NULL ORDER BY n LIMIT ?'),
      sent: this.db.prepare('UPDATE outbox SET sent_at = ? WHERE id = ?'),
      reject: this.db.prepare('UPDATE outbox SET rejected = ? WHERE id = ?'),
      pending: this.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL AND rejected IS NULL'),
      prune: this.db.prepare('DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?'),
      getState: this.db.prepare('SELECT value FROM state WHERE key = ?'),
      setState: this.db.prepare('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      clearSeen: this.db.prepare('DELETE FROM box_seen'),
      deleteState: this.db.prepare('DELETE FROM state WHERE key = ?'),
    };
  }

  /**
   * Queues a press from a framed box. Returns the existing id when this (serial, seq) was already queued since the
   * last $HELLO: a retransmission, to be acknowledged again but not queued again.
   */
  addPress(event: RatingEvent, box: { serial: string; seq: number } | null, now: number): { id: string; duplicate: boolean } {
    return this.db.transaction(() => {
      if (box) {
        const seen = this.stmts.seen.get(box.serial, box.seq) as { id: string } | undefined;
        if (seen) return { id: seen.id, duplicate: true };
        this.stmts.markSeen.run(box.serial, box.seq, event.id);
      }
      this.stmts.insert.run(event.id, JSON.stringify(event), now);
      return { id: event.id, duplicate: false };
    }).immediate();
  }

  /**
   * A $HELLO: whether it starts a new sequence space is decided by what follows it ("Keeping presses" in
   * docs/protocols/serial-v1.md), so the seen seqs stay until decideSequence. The open question is kept in the file,
   * so an agent restarted in between still asks it.
   */
  helloReceived(hello: { serial: string; firmware: string; buttons: number; at: number }): void {
    this.db.transaction(() => {
      this.stmts.setState.run('hello', JSON.stringify(hello));
      this.stmts.setState.run('sequence-undecided', hello.serial);
    })();
  }

  /** The serial whose $HELLO still waits for its $BEAT or $PRESS, if any. */
  sequenceUndecided(): string | null {
    const r = this.stmts.getState.get('sequence-undecided') as { value: string } | undefined;
    return r ? r.value : null;
  }

  /** Keeps the seen seqs (the box did not restart) or forgets them (a new sequence space). */
  decideSequence(keep: boolean): void {
    this.db.transaction(() => {
      if (!keep) this.stmts.clearSeen.run();
      this.stmts.deleteState.run('sequence-undecided');
    })();
  }

  /** The last $BEAT uptime heard from this serial, kept across agent restarts. */
  lastUptime(serial: string): number | null {
    const r = this.stmts.getState.get(`uptime:${serial}`) as { value: string } | undefined;
    return r ? Number(r.value) : null;
  }

  beatHeard(serial: string, uptimeS: number): void {
    this.stmts.setState.run(`uptime:${serial}`, String(uptimeS));
  }

  lastHello(): { serial: string; firmware: string; buttons: number; at: number } | null {
    const r = this.stmts.getState.get('hello') as { value: string } | undefined;
    return r ? JSON.parse(r.value) : null;
  }

  next(limit = 1): OutboxItem[] {
    return (this.stmts.next.all(limit) as { n: number; id: string; payload: string }[]).map((r) => ({ n: r.n, id: r.id, event: JSON.parse(r.payload) as RatingEvent }));
  }

  markSent(id: string, now: number): void {
    this.stmts.sent.run(now, id);
  }

  markRejected(id: string, reason: string): void {
    this.stmts.reject.run(reason, id);
  }

  pending(): number {
    return (this.stmts.pending.get() as { n: number }).n;
  }

  /** Forget delivered presses after a week; they are the hub's now. */
  prune(now: number): void {
    this.stmts.prune.run(now - 7 * 86_400_000);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
