import type { Migration } from './migration.js';

/**
 * Migration 10: retention also masks phone numbers typed into old ratings' comments (the comment itself, the
 * citizen's feedback, is kept); each run records how many comments it changed.
 */
export const RETENTION_COMMENTS_MIGRATION: Migration = {
  version: 10,
  name: 'retention masks phone numbers in old comments',
  sql: `
    ALTER TABLE retention_runs ADD COLUMN comments INTEGER NOT NULL DEFAULT 0;
  `,
};
