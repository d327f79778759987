import type { Migration } from './migration.js';

/**
 * Migration 4: the commune leaders' public phone numbers (công khai số điện thoại), shown on the kiosk and edited by
 * the admin. These are officials' work numbers, published on purpose: not citizens' personal data.
 */
export const PUBLIC_INFO_MIGRATION: Migration = {
  version: 4,
  name: 'public contacts (leaders’ phone numbers) for the kiosk',
  sql: `
    CREATE TABLE public_contacts (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      title TEXT NOT NULL,
      phone TEXT NOT NULL,
      position INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX public_contacts_order ON public_contacts(position, created_at);
  `,
};
