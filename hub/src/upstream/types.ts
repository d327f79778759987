import type { Clock } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import type { Outcome } from './client.js';
import type { OutboxStatus, UpstreamStore } from './store.js';

/** What the sender needs to know, read afresh at every use (the admin settings may change it while the hub runs). */
export interface UpstreamSettings {
  url?: string;
  secret?: string;
  sendAt: string;
  commune: { code: string; name: string };
}

/** What the planner and the sender both work with. */
export interface UpstreamParts {
  db: Db;
  clock: Clock;
  log: Logger;
  store: UpstreamStore;
  settings: () => UpstreamSettings;
}

/** Sending is on: a receiver and its key are set. */
export function upstreamEnabled(s: UpstreamSettings): s is UpstreamSettings & { url: string; secret: string } {
  return Boolean(s.url && s.secret);
}

export interface UpstreamPolicy {
  /** one request */
  timeoutMs: number;
  /** back-off of temporary failures: base·2^(n−1), capped at maxMs, jittered in its upper half (shared backoffDelay) */
  backoff: { baseMs: number; maxMs: number };
  /** how often the loop looks for work (real time; what is due is decided by the injected clock) */
  tickMs: number;
  /** how often (injected clock) the cheap check of recent days runs between the full ones */
  checkEveryMs: number;
  /** the cheap check looks at this many most recent due days (plus any day never queued) */
  recentDays: number;
  /** a day answered with a 5xx this many times stops holding back the days after it (it keeps retrying) */
  blockingAttempts: number;
  /** false: no background loop (tests drive runOnce with their clock) */
  loop: boolean;
}

export const DEFAULT_POLICY: UpstreamPolicy = {
  timeoutMs: 15_000,
  backoff: { baseMs: 30_000, maxMs: 3_600_000 },
  tickMs: 5_000,
  checkEveryMs: 5 * 60_000,
  recentDays: 7,
  blockingAttempts: 5,
  loop: true,
};

export interface QueuedDay {
  date: string;
  revision: number;
  /** new: the first revision of that day; revised: the figures changed since the last revision was queued */
  why: 'new' | 'revised' | 'rebuilt';
}

export interface SendResult {
  date: string;
  revision: number;
  outcome: Outcome;
}

export type { LinkState, SummaryView } from '@onestop/shared';
