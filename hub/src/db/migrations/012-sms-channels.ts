import type { Migration } from './migration.js';

/**
 * Migration 12: a message may go by Zalo ZNS before SMS (hub/src/zns/, docs/sms.md "Zalo ZNS").
 *  - `vars`: the template's values as JSON, kept so a ZNS template (whose parameters are not our text) can be filled
 *    at send time; blanked with the number by retention.
 *  - `channel`: the channel of the latest attempt ('zns' or 'sms'; NULL before the first one and for messages older
 *    than this step, which all went by SMS). For a sent or delivered message it is the channel that delivered it.
 *  - `sms_attempts`: every attempt of every message, by channel, with how it ended, so a ZNS refusal followed by
 *    the SMS that replaced it shows as two attempts of one message.
 */
export const SMS_CHANNELS_MIGRATION: Migration = {
  version: 12,
  name: 'SMS channels (Zalo ZNS first, SMS as the fallback) and attempts',
  sql: `
    ALTER TABLE sms_messages ADD COLUMN vars TEXT;
    ALTER TABLE sms_messages ADD COLUMN channel TEXT CHECK (channel IN ('sms', 'zns'));
    CREATE TABLE sms_attempts (
      message_id TEXT NOT NULL REFERENCES sms_messages(id),
      n INTEGER NOT NULL,
      channel TEXT NOT NULL CHECK (channel IN ('sms', 'zns')),
      gateway TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      outcome TEXT,
      error_code TEXT,
      error_text TEXT,
      gateway_message_id TEXT,
      PRIMARY KEY (message_id, n)
    ) WITHOUT ROWID;
    CREATE INDEX sms_attempts_ended ON sms_attempts(channel, outcome, ended_at);
    CREATE INDEX sms_messages_channel_sent ON sms_messages(channel, sent_at);
  `,
};
