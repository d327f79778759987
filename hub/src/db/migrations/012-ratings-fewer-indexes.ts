import type { Migration } from './migration.js';

/**
 * Migration 12: ratings wrote four indexes no query needs any more (docs/decisions/0101-ratings-fewer-bytes.md).
 * `ratings_day_counter` grouped a day's ratings by counter and score before the rollups (0031) did; the day's
 * figures now read the day once through `ratings_export` and group it. `ratings_device_time` found a device's neighbours for
 * the minimum interval, with one insertion point per device, so a commit of 50 devices' ratings dirtied up to 50 of its
 * pages; the neighbours are now read by time through `ratings_export`, whose key appends. `ratings_staff_day` and
 * `ratings_file` (written for every credited rating) served no query: staff and procedure figures come from the rollups.
 */
export const RATINGS_FEWER_INDEXES_MIGRATION: Migration = {
  version: 12,
  name: 'ratings keep only the indexes a query uses',
  sql: `
    DROP INDEX IF EXISTS ratings_day_counter;
    DROP INDEX IF EXISTS ratings_device_time;
    DROP INDEX IF EXISTS ratings_staff_day;
    DROP INDEX IF EXISTS ratings_file;
  `,
};
