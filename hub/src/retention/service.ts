import { localDay, maskPhonesInText, type Clock, type RetentionRunView, type RetentionStatus } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import type { RetentionConfig } from './config.js';
import { RetentionStore, type RetentionRunRow } from './store.js';
import { FilePersonalData } from '../files/retention.js';
import { SmsPersonalData } from '../sms/retention.js';
import { RatingPersonalData } from '../ratings/retention.js';

export type { RetentionRunView, RetentionStatus } from '@onestop/shared';

const DAY_MS = 86_400_000;

/**
 * Removes citizens' names and phone numbers from files closed (returned, rejected, withdrawn) more than `days` ago,
 * and the phone numbers of those files' SMS rows. Keeps every row, status and time, so every statistic and daily
 * summary stays the same. Batched in short transactions with a turn of the event loop between them, so ratings
 * keep committing while it runs; idempotent (a file already blank is not counted again).
 */
export class RetentionService {
  readonly store: RetentionStore;
  /** the owners of the personal columns, each blanking its own */
  private readonly files: FilePersonalData;
  private readonly sms: SmsPersonalData;
  private readonly ratings: RatingPersonalData;
  private running: Promise<RetentionRunView> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly config: () => RetentionConfig,
  ) {
    this.store = new RetentionStore(db);
    this.files = new FilePersonalData(db);
    this.sms = new SmsPersonalData(db);
    this.ratings = new RatingPersonalData(db);
  }

  cutoff(days = this.config().days): number {
    return this.clock.now() - days * DAY_MS;
  }

  /** One run; a second call while one runs gets the same run. */
  run(): Promise<RetentionRunView> {
    this.running ??= this.doRun().finally(() => (this.running = null));
    return this.running;
  }

  private async doRun(): Promise<RetentionRunView> {
    const { days, batchSize } = this.config();
    const started = this.clock.now();
    const cutoff = started - days * DAY_MS;
    const id = this.store.startRun(started, days, cutoff);
    let files = 0;
    let sms = 0;
    let comments = 0;
    let error: string | null = null;
    try {
      // files closed before the last run's cut-off are done: walk only those closed since (a day of margin)
      const last = this.store.lastCutoff();
      const from = last === null ? 0 : Math.min(last, cutoff) - DAY_MS;
      let after: { at: number; id: string } | null = null;
      for (;;) {
        const batch = this.db.transaction(() => {
          const rows = this.files.closedFiles(from, cutoff, after, batchSize);
          const ids = rows.map((x) => x.id);
          const r = { files: this.files.forget(ids), sms: this.sms.forgetOfFiles(ids) };
          this.store.progress(id, r.files, r.sms);
          return { rows, ...r };
        }).immediate();
        files += batch.files;
        sms += batch.sms;
        if (batch.rows.length < batchSize) break;
        const lastRow = batch.rows[batch.rows.length - 1]!;
        after = { at: lastRow.closed_at, id: lastRow.id };
        await new Promise((r) => setImmediate(r));
      }
      // phone numbers typed into comments of ratings older than the period: masked, the feedback itself kept
      // (from the day before the last run's cut-off, like the files)
      const fromDay = last === null ? '' : localDay(Math.min(last, cutoff) - DAY_MS);
      const beforeDay = localDay(cutoff);
      let afterComment: { day: string; at: number; id: string } | null = null;
      for (;;) {
        const batch = this.db.transaction(() => {
          const rows = this.ratings.oldComments(fromDay, beforeDay, afterComment, batchSize);
          let changed = 0;
          for (const r of rows) {
            const masked = maskPhonesInText(r.comment);
            if (masked === r.comment) continue;
            this.ratings.setComment(r.id, masked);
            changed++;
          }
          this.store.progressComments(id, changed);
          return { rows, changed };
        }).immediate();
        comments += batch.changed;
        if (batch.rows.length < batchSize) break;
        const lastRow = batch.rows[batch.rows.length - 1]!;
        afterComment = { day: lastRow.day, at: lastRow.rated_at, id: lastRow.id };
        await new Promise((r) => setImmediate(r));
      }
      // SMS rows that were still queued or being sent when an earlier run passed their file
      for (;;) {
        const n = this.db.transaction(() => {
          const changed = this.sms.forgetStragglers(cutoff, batchSize);
          this.store.progress(id, 0, changed);
          return changed;
        }).immediate();
        sms += n;
        if (n < batchSize) break;
        await new Promise((r) => setImmediate(r));
      }
    } catch (err) {
      error = (err as Error).message;
      this.log.error({ err }, 'retention run failed; what was done so far is kept');
    }
    this.store.finishRun(id, this.clock.now(), error);
    if (!error) this.log.info({ files, smsMessages: sms, comments, days }, 'retention run: personal data of old closed files removed');
    return toView(this.store.runs(1)[0]!);
  }

  status(): RetentionStatus {
    const runs = this.store.runs(20).map(toView);
    return { days: this.config().days, lastRun: runs[0] ?? null, runs, pending: this.files.pending(this.cutoff()) };
  }
}

function toView(r: RetentionRunRow): RetentionRunView {
  return { id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, days: r.days, cutoff: r.cutoff, files: r.files, smsMessages: r.sms_messages, comments: r.comments, error: r.error };
}
