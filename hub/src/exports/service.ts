import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportRequest, localDay, type Clock, type ExportJob, type ExportRequest } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import { resolveRange } from '../stats/range.js';
import { StatsQueries, type PeriodStats } from '../stats/queries.js';
import { csvTable, statsTables, type Table } from './tables.js';
import { writeCsv } from './csv.js';
import { createPrivateFile, privateDir } from '../atrest/modes.js';
import { writeXlsx } from './xlsx.js';
import { writeReport } from './report.js';

export { exportRequest, type ExportJob, type ExportRequest } from '@onestop/shared';

/** How long a finished export stays downloadable, and how many are remembered. */
const KEEP_MS = 24 * 3600 * 1000;
const KEEP_JOBS = 50;

/**
 * Export jobs (docs/decisions/0030-exports-as-jobs.md): POST starts one and answers at once; the page polls its
 * progress and downloads the finished file from <dataDir>/exports. Jobs run one after another (two cores, shared
 * with the counters); each reads its rows in short keyset-paged statements, so no read transaction stays open
 * and WAL checkpoints go on while a year is exported.
 */
export class ExportService {
  private readonly jobs = new Map<string, ExportJob>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  readonly dir: string;
  private readonly queries: StatsQueries;

  constructor(
    private readonly deps: { db: Db; clock: Clock; log: Logger; dataDir: string; commune: () => { code: string; name: string } },
  ) {
    this.dir = path.join(deps.dataDir, 'exports');
    this.queries = new StatsQueries(deps.db);
  }

  /** At the hub's start (not in a one-off command beside a running hub, whose files these may be). */
  removeLeftovers(): void {
    this.sweep();
  }

  /** Files left from before a restart: their jobs are gone (jobs live in memory), so nobody can download them. */
  private sweep(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      try {
        fs.rmSync(path.join(this.dir, name), { force: true });
      } catch (err) {
        this.deps.log.warn({ err, file: name }, 'could not remove an old export');
      }
    }
  }

  start(body: unknown): ExportJob {
    if (this.closed) throw new ServiceError('shutting-down');
    const parsed = exportRequest.safeParse(body);
    if (!parsed.success) throw new ServiceError('invalid-payload', 'body is { format: "xlsx", kind: "stats" | "report", range } or { format: "csv", kind: table, range }');
    const req = parsed.data;
    const range = resolveRange(req.range);
    const now = this.deps.clock.now();
    const id = randomUUID();
    const base = req.format === 'xlsx' ? (req.kind === 'report' ? 'bao-cao' : 'thong-ke') : `thong-ke-${req.kind}`;
    const job: ExportJob = {
      id,
      format: req.format,
      kind: req.kind,
      from: range.from,
      to: range.to,
      status: 'running',
      done: 0,
      total: 0,
      createdAt: now,
      finishedAt: null,
      bytes: null,
      fileName: `${base}_${range.from}_${range.to}.${req.format}`,
    };
    this.jobs.set(id, job);
    this.forget(now);
    this.queue = this.queue.then(() => this.run(job, req, range));
    return { ...job };
  }

  get(id: string): ExportJob {
    const job = this.jobs.get(id);
    if (!job) throw new ServiceError('export-not-found');
    return { ...job };
  }

  /** The finished file's path, for the download route. */
  file(id: string): { path: string; fileName: string; format: 'xlsx' | 'csv' } {
    const job = this.get(id);
    if (job.status !== 'done') throw new ServiceError('export-not-ready', job.status);
    return { path: this.filePath(job), fileName: job.fileName, format: job.format };
  }

  /** Resolves when every export started so far has ended. */
  async idle(): Promise<void> {
    await this.queue;
  }

  /**
   * Refuses new exports, stops the running one at its next chunk (its partial file is removed, the job is failed)
   * and resolves when it has let go of the database, which must stay open until then.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
  }

  /** Runs a job to the end; also used by the benchmark to export in a child process. */
  async run(job: ExportJob, req: ExportRequest, range: ReturnType<typeof resolveRange>): Promise<void> {
    const { db, log, clock } = this.deps;
    const commune = this.deps.commune();
    const file = this.filePath(job);
    const started = clock.now();
    try {
      if (this.closed) throw new Error('hub shutting down');
      privateDir(this.dir);
      const stats: PeriodStats = this.queries.period(range, localDay(clock.now()));
      const tmp = `${file}.part`;
      // the writers (a stream, exceljs) keep the mode of the file they write into: 0600 from the first byte
      createPrivateFile(tmp);
      const progress = (n: number) => {
        if (this.closed) throw new Error('hub shutting down');
        job.done += n;
      };
      if (req.format === 'csv') {
        const table = csvTable(db, stats, req.kind);
        job.total = table.count;
        await writeCsv(tmp, table, progress);
      } else if (req.kind === 'report') {
        job.total = 1;
        await writeReport(tmp, db, stats, commune, localDay(clock.now()));
        job.done = 1;
      } else {
        const tables: Table[] = statsTables(db, stats, commune.name);
        job.total = tables.reduce((n, t) => n + t.count, 0);
        await writeXlsx(tmp, tables, { onRows: progress });
      }
      fs.renameSync(tmp, file);
      job.bytes = fs.statSync(file).size;
      job.status = 'done';
      job.done = job.total;
      log.info({ id: job.id, format: job.format, kind: job.kind, from: job.from, to: job.to, rows: job.total, bytes: job.bytes, ms: clock.now() - started }, 'export written');
    } catch (err) {
      job.status = 'failed';
      log.error({ err, id: job.id, kind: job.kind }, 'export failed');
      fs.rmSync(`${file}.part`, { force: true });
    } finally {
      job.finishedAt = clock.now();
    }
  }

  private filePath(job: ExportJob): string {
    return path.join(this.dir, `${job.id}.${job.format}`);
  }

  /** Drops jobs (and their files) older than a day, and the oldest beyond KEEP_JOBS. */
  private forget(now: number): void {
    const all = [...this.jobs.values()].filter((j) => j.status !== 'running');
    all.sort((a, b) => a.createdAt - b.createdAt);
    const excess = Math.max(0, this.jobs.size - KEEP_JOBS);
    for (const [i, j] of all.entries()) {
      if (i < excess || now - j.createdAt > KEEP_MS) {
        this.jobs.delete(j.id);
        fs.rmSync(this.filePath(j), { force: true });
      }
    }
  }
}
