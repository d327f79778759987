import type { Migration } from './migration.js';

/**
 * Migration 16: a procedure's short name for messages (issue 14 §2). NULL: derived from the name by the rule in
 * shared/src/smsFit.ts (deriveSmsName), so every existing procedure has one without an admin's edit.
 */
export const PROCEDURE_SMS_NAME_MIGRATION: Migration = {
  version: 16,
  name: 'procedures have a short name for messages',
  sql: `
    ALTER TABLE procedures ADD COLUMN sms_name TEXT;
  `,
};
