import type { Migration } from './migration.js';

/** The four keys a rating is counted under, as (dim, key expression) of the row `r` (NEW or OLD). */
const KEYS = (r: 'NEW' | 'OLD'): [string, string][] => [
  ['counter', `${r}.counter_id`],
  ['staff', `COALESCE(${r}.staff_id, '')`],
  ['source', `${r}.source`],
  ['procedure', `COALESCE((SELECT procedure_code FROM files WHERE id = ${r}.file_id), '')`],
];
const HOUR = (r: 'NEW' | 'OLD') => `((${r}.rated_at + 25200000) / 3600000) % 24`;

export const ADD = (r: 'NEW' | 'OLD') =>
  KEYS(r)
    .map(
      ([dim, key]) => `
    INSERT INTO stats_rating_keys (dim, day, key, flagged, score, n) VALUES ('${dim}', ${r}.day, ${key}, ${r}.flagged, ${r}.score, 1)
      ON CONFLICT (dim, day, key, flagged, score) DO UPDATE SET n = n + 1;`,
    )
    .join('') +
  `
    INSERT INTO stats_rating_hours (day, hour, flagged, score, n) VALUES (${r}.day, ${HOUR(r)}, ${r}.flagged, ${r}.score, 1)
      ON CONFLICT (day, hour, flagged, score) DO UPDATE SET n = n + 1;`;
const SUBTRACT = (r: 'NEW' | 'OLD') =>
  KEYS(r)
    .map(
      ([dim, key]) => `
    UPDATE stats_rating_keys SET n = n - 1 WHERE dim = '${dim}' AND day = ${r}.day AND key = ${key} AND flagged = ${r}.flagged AND score = ${r}.score;`,
    )
    .join('') +
  `
    UPDATE stats_rating_hours SET n = n - 1 WHERE day = ${r}.day AND hour = ${HOUR(r)} AND flagged = ${r}.flagged AND score = ${r}.score;`;

/** The three keys a file is counted under, of the files row `f` (NEW or OLD, or an alias). */
const FILE_KEYS = (f: string): [string, string][] => [
  ['counter', `COALESCE(${f}.counter_id, '')`],
  ['staff', `COALESCE(${f}.received_by, '')`],
  ['procedure', `${f}.procedure_code`],
];
const LOCAL_DAY = (ms: string) => `date((${ms} + 25200000) / 1000, 'unixepoch')`;
/**
 * Adds to the named counters of the file `f` on `day`, under each of its three keys. `from` / `where` pick the row
 * (a file event finds its file); the WHERE also lets one INSERT … SELECT skip (a late day that is NULL).
 */
const BUMP_FILE = (f: string, day: string, sets: Record<string, string>, opts: { from?: string; where?: string } = {}) =>
  FILE_KEYS(f)
    .map(
      ([dim, key]) => `
      INSERT INTO stats_file_keys (dim, day, key, ${Object.keys(sets).join(', ')})
        SELECT '${dim}', ${day}, ${key}, ${Object.values(sets).join(', ')} ${opts.from ?? ''} WHERE ${opts.where ?? 'true'}
        ON CONFLICT (dim, day, key) DO UPDATE SET ${Object.keys(sets)
          .map((c) => `${c} = ${c} + excluded.${c}`)
          .join(', ')};`,
    )
    .join('');
const OF_EVENT = { from: 'FROM files x', where: 'x.id = NEW.file_id' };

/**
 * Migration 5: what the statistics read (docs/statistics.md, docs/decisions/0031-rating-rollups.md).
 *
 * Two derived tables count ratings per local day: by counter, staff member, source and procedure
 * (stats_rating_keys), and by local hour (stats_rating_hours). Triggers on ratings keep them exact in the same
 * transaction as the rating itself (insert, update, delete), and this migration fills them from the ratings
 * already stored. A year of a busy commune is then ~50,000 small rows instead of 500,000 ratings. The tests
 * check every figure against a plain recount of the ratings table.
 *
 * Indexes: comments and reasons (partial: only the few ratings that have them), a keyset walk of a period's
 * ratings for the exports, files grouped by reception time with their counter, staff and procedure, the files
 * still open at a moment (closed_at, NULL for open ones; the ops migration's files_closed_at leaves those out),
 * file events by kind and time with their file (covering: no table lookup per event), and each file's grouping
 * columns by id (covering: an event finds its file's counter, staff and procedure in one index search).
 */
export const STATS_MIGRATION: Migration = {
  version: 5,
  name: 'statistics rollups and indexes',
  sql: `
    CREATE TABLE stats_rating_keys (
      dim TEXT NOT NULL CHECK (dim IN ('counter', 'staff', 'source', 'procedure')),
      day TEXT NOT NULL,
      key TEXT NOT NULL,
      flagged INTEGER NOT NULL,
      score INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (dim, day, key, flagged, score)
    ) WITHOUT ROWID;
    CREATE TABLE stats_rating_hours (
      day TEXT NOT NULL,
      hour INTEGER NOT NULL,
      flagged INTEGER NOT NULL,
      score INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (day, hour, flagged, score)
    ) WITHOUT ROWID;

    INSERT INTO stats_rating_keys (dim, day, key, flagged, score, n)
      SELECT 'counter', day, counter_id, flagged, score, COUNT(*) FROM ratings GROUP BY day, counter_id, flagged, score;
    INSERT INTO stats_rating_keys (dim, day, key, flagged, score, n)
      SELECT 'staff', day, COALESCE(staff_id, ''), flagged, score, COUNT(*) FROM ratings GROUP BY day, COALESCE(staff_id, ''), flagged, score;
    INSERT INTO stats_rating_keys (dim, day, key, flagged, score, n)
      SELECT 'source', day, source, flagged, score, COUNT(*) FROM ratings GROUP BY day, source, flagged, score;
    INSERT INTO stats_rating_keys (dim, day, key, flagged, score, n)
      SELECT 'procedure', r.day, COALESCE(f.procedure_code, ''), r.flagged, r.score, COUNT(*) FROM ratings r LEFT JOIN files f ON f.id = r.file_id
      GROUP BY r.day, COALESCE(f.procedure_code, ''), r.flagged, r.score;
    INSERT INTO stats_rating_hours (day, hour, flagged, score, n)
      SELECT day, ((rated_at + 25200000) / 3600000) % 24, flagged, score, COUNT(*) FROM ratings GROUP BY 1, 2, 3, 4;

    CREATE TRIGGER stats_ratings_insert AFTER INSERT ON ratings BEGIN ${ADD('NEW')}
    END;
    CREATE TRIGGER stats_ratings_update AFTER UPDATE OF day, counter_id, staff_id, source, file_id, flagged, score, rated_at ON ratings BEGIN ${SUBTRACT('OLD')} ${ADD('NEW')}
    END;
    CREATE TRIGGER stats_ratings_delete AFTER DELETE ON ratings BEGIN ${SUBTRACT('OLD')}
    END;

    CREATE TABLE stats_file_keys (
      dim TEXT NOT NULL CHECK (dim IN ('counter', 'staff', 'procedure')),
      day TEXT NOT NULL,
      key TEXT NOT NULL,
      received INTEGER NOT NULL DEFAULT 0,
      ready INTEGER NOT NULL DEFAULT 0,
      returned INTEGER NOT NULL DEFAULT 0,
      returned_late INTEGER NOT NULL DEFAULT 0,
      days_sum REAL NOT NULL DEFAULT 0,
      days_n INTEGER NOT NULL DEFAULT 0,
      apologies INTEGER NOT NULL DEFAULT 0,
      late INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (dim, day, key)
    ) WITHOUT ROWID;
    ${FILE_KEYS('f')
      .map(
        ([dim, key]) => `
    INSERT INTO stats_file_keys (dim, day, key, received)
      SELECT '${dim}', ${LOCAL_DAY('f.received_at')}, ${key}, COUNT(*) FROM files f GROUP BY 2, 3
      ON CONFLICT (dim, day, key) DO UPDATE SET received = received + excluded.received;
    INSERT INTO stats_file_keys (dim, day, key, late)
      SELECT '${dim}', f.late_since, ${key}, COUNT(*) FROM files f WHERE f.late_since IS NOT NULL GROUP BY 2, 3
      ON CONFLICT (dim, day, key) DO UPDATE SET late = late + excluded.late;
    INSERT INTO stats_file_keys (dim, day, key, ready)
      SELECT '${dim}', ${LOCAL_DAY('e.at')}, ${key}, COUNT(*) FROM file_events e JOIN files f ON f.id = e.file_id WHERE e.kind = 'ready' GROUP BY 2, 3
      ON CONFLICT (dim, day, key) DO UPDATE SET ready = ready + excluded.ready;
    INSERT INTO stats_file_keys (dim, day, key, returned, returned_late, days_sum, days_n)
      SELECT '${dim}', ${LOCAL_DAY('e.at')}, ${key}, COUNT(*), SUM(f.late_since IS NOT NULL),
        TOTAL((COALESCE(f.ready_at, f.closed_at) - f.received_at) / 86400000.0), COUNT(COALESCE(f.ready_at, f.closed_at))
      FROM file_events e JOIN files f ON f.id = e.file_id WHERE e.kind = 'returned' GROUP BY 2, 3
      ON CONFLICT (dim, day, key) DO UPDATE SET returned = returned + excluded.returned, returned_late = returned_late + excluded.returned_late,
        days_sum = days_sum + excluded.days_sum, days_n = days_n + excluded.days_n;
    INSERT INTO stats_file_keys (dim, day, key, apologies)
      SELECT '${dim}', ${LOCAL_DAY('e.at')}, ${key}, COUNT(*) FROM file_events e JOIN files f ON f.id = e.file_id WHERE e.kind = 'apology' GROUP BY 2, 3
      ON CONFLICT (dim, day, key) DO UPDATE SET apologies = apologies + excluded.apologies;`,
      )
      .join('')}

    CREATE TRIGGER stats_files_insert AFTER INSERT ON files BEGIN ${BUMP_FILE('NEW', LOCAL_DAY('NEW.received_at'), { received: '1' })}
      ${BUMP_FILE('NEW', 'NEW.late_since', { late: '1' }, { where: 'NEW.late_since IS NOT NULL' })}
    END;
    CREATE TRIGGER stats_files_late AFTER UPDATE OF late_since ON files WHEN OLD.late_since IS NOT NEW.late_since BEGIN
      ${BUMP_FILE('OLD', 'OLD.late_since', { late: '-1' }, { where: 'OLD.late_since IS NOT NULL' })}
      ${BUMP_FILE('NEW', 'NEW.late_since', { late: '1' }, { where: 'NEW.late_since IS NOT NULL' })}
    END;
    CREATE TRIGGER stats_file_events_ready AFTER INSERT ON file_events WHEN NEW.kind = 'ready' BEGIN
      ${BUMP_FILE('x', LOCAL_DAY('NEW.at'), { ready: '1' }, OF_EVENT)}
    END;
    CREATE TRIGGER stats_file_events_returned AFTER INSERT ON file_events WHEN NEW.kind = 'returned' BEGIN
      ${BUMP_FILE(
        'x',
        LOCAL_DAY('NEW.at'),
        {
          returned: '1',
          returned_late: '(x.late_since IS NOT NULL)',
          days_sum: 'COALESCE((COALESCE(x.ready_at, x.closed_at) - x.received_at) / 86400000.0, 0)',
          days_n: '(COALESCE(x.ready_at, x.closed_at) IS NOT NULL)',
        },
        OF_EVENT,
      )}
    END;
    CREATE TRIGGER stats_file_events_apology AFTER INSERT ON file_events WHEN NEW.kind = 'apology' BEGIN
      ${BUMP_FILE('x', LOCAL_DAY('NEW.at'), { apologies: '1' }, OF_EVENT)}
    END;

    CREATE INDEX ratings_comments ON ratings(day, rated_at, id) WHERE comment IS NOT NULL;
    CREATE INDEX ratings_reasons ON ratings(day, flagged, reasons) WHERE reasons IS NOT NULL;
    CREATE INDEX ratings_export ON ratings(day, rated_at, id);
    CREATE INDEX files_stats ON files(received_at, counter_id, received_by, procedure_code);
    CREATE INDEX file_events_stats ON file_events(kind, at, file_id);
    CREATE INDEX files_stats_cell ON files(id, counter_id, received_by, procedure_code, received_at, ready_at, closed_at, late_since);
    CREATE INDEX files_stats_open ON files(closed_at, received_at, counter_id, received_by, procedure_code);
  `,
};

/**
 * Migration 9: the hub's own group commit counts its ratings in the rollups itself, once per batch and key
 * (stats/rollup.ts), instead of five upserts per rating in the insert trigger; the trigger stays for every other
 * writer (imports, tools, test generators), which leave the new column `rollup` NULL. Updates and deletes keep
 * their triggers. docs/decisions/0034-rating-rollups-in-the-group-commit.md.
 */
export const STATS_BATCH_ROLLUP_MIGRATION: Migration = {
  version: 9,
  name: 'rating rollups counted by the group commit',
  sql: `
    ALTER TABLE ratings ADD COLUMN rollup INTEGER;
    DROP TRIGGER stats_ratings_insert;
    CREATE TRIGGER stats_ratings_insert AFTER INSERT ON ratings WHEN NEW.rollup IS NULL BEGIN ${ADD('NEW')}
    END;
  `,
};
