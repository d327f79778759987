import type { Migration } from './migration.js';

/**
 * Migration 13: ratings wrote four indexes no query needs any more (docs/decisions/0101-ratings-fewer-bytes.md).
 * `ratings_day_counter` grouped a day's ratings by counter and score before the rollups (0031) did; the day's
 * figures now read the day once through `ratings_export` and group it. `ratings_device_time` found a device's neighbours for
 * the minimum interval, with one insertion point per device, so a commit of 50 devices' ratings dirtied up to 50 of its
 * pages; the neighbours are now read by time through `ratings_export`, whose key appends. `ratings_staff_day` and
 * `ratings_file` (written for every credited rating) served no query: staff and procedure figures come from the rollups.
 * And `stats_rating_keys` is keyed by day first, so a rating's rollup rows share one page.
 */
export const RATINGS_FEWER_INDEXES_MIGRATION: Migration = {
  version: 13,
  name: 'ratings keep only the indexes a query uses',
  sql: `
    DROP INDEX IF EXISTS ratings_day_counter;
    DROP INDEX IF EXISTS ratings_device_time;
    DROP INDEX IF EXISTS ratings_staff_day;
    DROP INDEX IF EXISTS ratings_file;

    -- the rollup of the four dimensions keyed by day first: a rating's four upserts land on today's rows, side by side
    -- at the end of the table, instead of at the end of each dimension's quarter (four pages per commit once a year
    -- of rows has split them apart). Rebuilt as SQLite's 12-step change: the triggers on ratings that write it keep
    -- its name (legacy_alter_table: the rename does not rewrite them).
    CREATE TABLE stats_rating_keys_by_day (
      dim TEXT NOT NULL CHECK (dim IN ('counter', 'staff', 'source', 'procedure')),
      day TEXT NOT NULL,
      key TEXT NOT NULL,
      flagged INTEGER NOT NULL,
      score INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (day, dim, key, flagged, score)
    ) WITHOUT ROWID;
    INSERT INTO stats_rating_keys_by_day (dim, day, key, flagged, score, n) SELECT dim, day, key, flagged, score, n FROM stats_rating_keys;
    DROP TABLE stats_rating_keys;
    PRAGMA legacy_alter_table = ON;
    ALTER TABLE stats_rating_keys_by_day RENAME TO stats_rating_keys;
    PRAGMA legacy_alter_table = OFF;
  `,
};
