import type { Migration } from './migration.js';

/**
 * Migration 11: an alert keeps its facts (kind-specific parameters, JSON) beside the Vietnamese sentence, so the
 * admin pages can say it in the reader's language. Alerts raised before keep only their sentence.
 */
export const ALERT_PARAMS_MIGRATION: Migration = {
  version: 11,
  name: 'alerts keep their parameters',
  sql: `
    ALTER TABLE alerts ADD COLUMN params TEXT;
  `,
};
