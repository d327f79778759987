import type { Migration } from './migrations/migration.js';
import { CORE_MIGRATION } from './migrations/001-core.js';
import { ACCOUNTS_AND_FILES_MIGRATION } from './migrations/002-accounts-and-files.js';
import { SMS_MIGRATION } from './migrations/003-sms.js';
import { PUBLIC_INFO_MIGRATION } from './migrations/004-public-info.js';
import { STATS_BATCH_ROLLUP_MIGRATION, STATS_MIGRATION } from './migrations/005-and-009-stats.js';
import { AUDIT_MIGRATION } from './migrations/006-audit.js';
import { OPS_MIGRATION } from './migrations/007-ops.js';
import { UPSTREAM_MIGRATION } from './migrations/008-upstream.js';
import { RETENTION_COMMENTS_MIGRATION } from './migrations/010-retention-comments.js';
import { ALERT_PARAMS_MIGRATION } from './migrations/011-alert-params.js';
import { SMS_CHANNELS_MIGRATION } from './migrations/012-sms-channels.js';
import { RATINGS_FEWER_INDEXES_MIGRATION } from './migrations/013-ratings-fewer-indexes.js';
import { CITIZEN_SCREEN_MIGRATION } from './migrations/014-citizen-screen.js';
import { SMS_HELD_MIGRATION } from './migrations/015-sms-held.js';
import { PROCEDURE_SMS_NAME_MIGRATION } from './migrations/016-procedure-sms-name.js';

export type { Migration };

/**
 * The commune database's schema history, in one ordered place owned by db/ (docs/decisions/0080-migrations-owned-by-db.md).
 * Versions are global: a later step may touch tables of several features (7 adds indexes on ratings and files,
 * 9 rebuilds the rating rollups' triggers), so the order is the schema's own, not a feature's. db/ imports no
 * feature; each feature reads and writes only its own tables, through its store.
 */
export const MIGRATIONS: Migration[] = [
  CORE_MIGRATION,
  ACCOUNTS_AND_FILES_MIGRATION,
  SMS_MIGRATION,
  PUBLIC_INFO_MIGRATION,
  STATS_MIGRATION,
  AUDIT_MIGRATION,
  OPS_MIGRATION,
  UPSTREAM_MIGRATION,
  STATS_BATCH_ROLLUP_MIGRATION,
  RETENTION_COMMENTS_MIGRATION,
  ALERT_PARAMS_MIGRATION,
  SMS_CHANNELS_MIGRATION,
  RATINGS_FEWER_INDEXES_MIGRATION,
  CITIZEN_SCREEN_MIGRATION,
  SMS_HELD_MIGRATION,
  PROCEDURE_SMS_NAME_MIGRATION,
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
