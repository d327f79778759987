import { identityGaps, type Clock, type IdentityPart, type SetupChecklist, type SetupItem, type SmsMessageView } from '@onestop/shared';
import type { Db } from '../db/open.js';
import { MetaStore } from '../db/meta.js';
import type { Logger } from '../log.js';
import type { AuditActor, AuditService } from '../audit/service.js';

const PROCEDURES_REVIEWED = 'setup.proceduresReviewedAt';
const ALERT_KEY = 'commune';

export interface SetupDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  audit: AuditService;
  commune: () => { code: string; name: string; phone: string };
  sms: { heldCount(): number; releaseHeld(): number; list(q: { kind: 'test'; limit: number }): SmsMessageView[] };
  users: () => { role: string; disabled: boolean }[];
  counters: () => { id: string }[];
  devices: () => { counterId: string; revoked: boolean }[];
  procedures: () => unknown[];
  upstream: () => { url?: string | null; secret?: string | null };
  alerts: { raise(key: string, p: { kind: 'commune-identity'; missing: IdentityPart[] }): boolean; clear(kind: 'commune-identity', key: string): boolean };
}

/**
 * The commune's first day (issue 14): the checklist ticked from the hub's own state, and citizen SMS held while the
 * commune's identity is missing. `sync()` is the one place that decides: identity missing and messages held → the
 * `commune-identity` alert; identity set → held messages go out (if still valid) and the alert is cleared.
 */
export class SetupService {
  private readonly meta: MetaStore;

  constructor(private readonly deps: SetupDeps) {
    this.meta = new MetaStore(deps.db);
  }

  identityGaps(): IdentityPart[] {
    return identityGaps(this.deps.commune());
  }

  /** Called when a message is held, when the settings change, and at start. Never throws (logged). */
  sync(): void {
    try {
      const missing = this.identityGaps();
      if (missing.length > 0) {
        if (this.deps.sms.heldCount() > 0) this.deps.alerts.raise(ALERT_KEY, { kind: 'commune-identity', missing });
        return;
      }
      this.deps.sms.releaseHeld();
      this.deps.alerts.clear('commune-identity', ALERT_KEY);
    } catch (err) {
      this.deps.log.error({ err }, 'could not check the held SMS');
    }
  }

  checklist(): SetupChecklist {
    const d = this.deps;
    const gaps = this.identityGaps();
    const tests = d.sms.list({ kind: 'test', limit: 50 });
    const counters = d.counters();
    const devices = d.devices().filter((x) => !x.revoked);
    const withDevice = counters.filter((c) => devices.some((x) => x.counterId === c.id)).length;
    const staff = d.users().filter((u) => u.role === 'staff' && !u.disabled).length;
    const up = d.upstream();
    const reviewedAt = this.meta.get(PROCEDURES_REVIEWED);
    const items: SetupItem[] = [
      { key: 'commune', done: !gaps.includes('name') && !gaps.includes('code'), facts: {} },
      { key: 'contact-phone', done: !gaps.includes('phone'), facts: {} },
      { key: 'sms-test', done: tests.some((m) => m.status === 'sent' || m.status === 'delivered'), facts: { tests: tests.length } },
      { key: 'procedures', done: reviewedAt !== undefined, facts: { procedures: d.procedures().length, ...(reviewedAt ? { reviewedAt: Number(reviewedAt) } : {}) } },
      { key: 'staff', done: staff > 0, facts: { staff } },
      { key: 'counters', done: counters.length > 0 && withDevice === counters.length, facts: { counters: counters.length, withDevice } },
      { key: 'upstream', done: !!up.url && !!up.secret, facts: {} },
    ];
    return { items, complete: items.every((i) => i.done), heldSms: d.sms.heldCount() };
  }

  /** The admin has looked through the procedure list (the seeded one is an example, not the commune's own). */
  proceduresReviewed(actor: AuditActor): SetupChecklist {
    const now = this.deps.clock.now();
    this.deps.db.transaction(() => {
      this.meta.put(PROCEDURES_REVIEWED, String(now));
      this.deps.audit.record(actor, { kind: 'procedure', action: 'reviewed', target: null });
    })();
    return this.checklist();
  }
}
