import { maskPhone, type SmsMessageView } from '@onestop/shared';
import type { SmsRow } from './store.js';

/** One message as the admin and the file API show it: the number masked. */
export function smsView(row: SmsRow, resentAs: string | null): SmsMessageView {
  return {
    id: row.id,
    kind: row.kind,
    fileId: row.file_id,
    to: maskPhone(row.to_phone),
    body: row.body,
    encoding: row.encoding,
    segments: row.segments,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error_code ? { code: row.last_error_code, text: row.last_error_text ?? '' } : null,
    gateway: row.gateway,
    channel: row.channel ?? null,
    createdAt: row.created_at,
    validUntil: row.valid_until,
    nextAttemptAt: row.next_attempt_at,
    sentAt: row.sent_at,
    deliveredAt: row.delivered_at,
    failedAt: row.failed_at,
    resendOf: row.resend_of,
    resentAs,
  };
}
