import type { Migration } from '../db/migrations.js';
import { AUTH_SQL } from '../auth/schema.js';
import { FILES_SQL } from './schema.js';

/** Migration 2: accounts (auth/schema.ts), then procedures, holidays and files (./schema.ts). */
export const ACCOUNTS_AND_FILES_MIGRATION: Migration = {
  version: 2,
  name: 'accounts, sessions, API tokens, procedures, holidays, files, rating links',
  sql: AUTH_SQL + FILES_SQL,
};
