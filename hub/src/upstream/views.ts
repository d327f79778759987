import type { OutboxRow } from './store.js';
import type { SummaryView } from './types.js';

/** One outbox row as the admin page shows it. */
export function summaryView(r: OutboxRow): SummaryView {
  let ratingsTotal: number | null = null;
  try {
    ratingsTotal = (JSON.parse(r.body) as { ratings?: { total?: number } }).ratings?.total ?? null;
  } catch {
    /* a body is always JSON; null if not */
  }
  return {
    date: r.day,
    revision: r.revision,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.created_at,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    lastAttemptAt: r.last_attempt_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastDetail: r.last_detail,
    sentAt: r.sent_at,
    answer: r.answer,
    ratingsTotal,
  };
}
