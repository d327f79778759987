import type { Migration } from './migration.js';

/**
 * Migration 3: the SMS outbox and its templates. `file_id` is plain text on purpose: the files feature owns its
 * tables, and a message outlives nothing it points to (messages are kept for the admin's history and figures).
 *
 * Times are epoch ms. `next_attempt_at` means: for `queued`, when to try; for `sending`, when to settle an
 * unanswered attempt (look it up at the gateway, or give up waiting for its delivery report); for `sent`, when to
 * poll the gateway for a final status (Twilio without a public callback address); NULL when nothing is due.
 */
export const SMS_MIGRATION: Migration = {
  version: 3,
  name: 'SMS outbox and templates',
  sql: `
    CREATE TABLE sms_messages (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      file_id TEXT,
      to_phone TEXT NOT NULL,
      body TEXT NOT NULL,
      encoding TEXT NOT NULL CHECK (encoding IN ('gsm7', 'ucs2')),
      segments INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER,
      last_error_code TEXT,
      last_error_text TEXT,
      gateway TEXT,
      gateway_message_id TEXT,
      gateway_status TEXT,
      created_at INTEGER NOT NULL,
      valid_until INTEGER NOT NULL,
      attempt_started_at INTEGER,
      sent_at INTEGER,
      delivered_at INTEGER,
      failed_at INTEGER,
      resend_of TEXT REFERENCES sms_messages(id),
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sms_messages_due ON sms_messages(status, next_attempt_at);
    CREATE INDEX sms_messages_file ON sms_messages(file_id, created_at);
    CREATE INDEX sms_messages_sent_at ON sms_messages(sent_at);
    CREATE INDEX sms_messages_delivered_at ON sms_messages(delivered_at);
    CREATE INDEX sms_messages_failed_at ON sms_messages(failed_at);
    CREATE INDEX sms_messages_gateway_id ON sms_messages(gateway, gateway_message_id);
    CREATE UNIQUE INDEX sms_messages_one_resend ON sms_messages(resend_of) WHERE resend_of IS NOT NULL;

    CREATE TABLE sms_templates (
      kind TEXT PRIMARY KEY,
      body TEXT NOT NULL,
      enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
      keep_accents INTEGER NOT NULL CHECK (keep_accents IN (0, 1)),
      updated_at INTEGER NOT NULL
    );
  `,
};
