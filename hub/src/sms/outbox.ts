import { fitSms, normalizeVnMobile, uuidv7, type Clock, type SmsKindName, type SmsStatus } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import type { SmsRequest } from './port.js';
import type { SmsStore } from './store.js';
import { KINDS, type SmsTemplate } from './templates.js';
import { HELD_CODE, HELD_KINDS, HELD_TEXT, type SmsHoldStore } from './hold.js';

/**
 * Writing to the SMS outbox: a message from a file's transition (inside the caller's transaction), a test message,
 * and an admin's resend. Sending is the worker's.
 */
export class SmsOutboxWriter {
  private lastIdMs = 0;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      log: Logger;
      store: SmsStore;
      communeName: () => string;
      contactPhone: () => string;
      validityHours: () => number;
      templateFor: (kind: SmsKindName) => SmsTemplate;
      /** whether the gateway in use sends accented text */
      unicode: () => boolean;
      /** something was queued: the worker looks now */
      kick: () => void;
      /** issue 14: whether citizen messages are held now (the commune's identity is missing), and where they wait */
      holding?: () => boolean;
      hold?: SmsHoldStore;
      onHeld?: () => void;
    },
  ) {}

  /**
   * Writes one message to the outbox with the database handle the caller's transaction is open on (there is one
   * per hub): it exists if and only if the caller commits. It never throws for the message's own problems, so a
   * file's transition is never refused because of its SMS: a bad number or a disabled template is recorded on
   * the message (failed / cancelled) for the admin to see.
   */
  enqueue(req: SmsRequest): { id: string } {
    const now = this.deps.clock.now();
    const id = this.nextId(now);
    const kind = (KINDS.includes(req.kind) ? req.kind : 'alert') as SmsKindName;
    const tpl = this.deps.templateFor(kind);
    const vars = this.values(req.vars);
    // one part by rule: the variable parts give way in a documented order (shared/src/smsFit.ts)
    const p = fitSms(tpl.body, vars, { keepAccents: tpl.keepAccents && this.deps.unicode() });
    if (p.shortened.length) this.deps.log.info({ smsId: id, kind, shortened: p.shortened }, 'SMS shortened to one part');
    const phone = normalizeVnMobile(req.to);
    let status: SmsStatus = 'queued';
    let err: { code: string; text: string } | null = null;
    if (!phone.ok) {
      status = 'failed';
      err = { code: phone.reason, text: phone.reason === 'phone-not-mobile' ? 'not a Vietnamese mobile number' : 'not a valid Vietnamese mobile number' };
    } else if (!tpl.enabled) {
      status = 'cancelled';
      err = { code: 'template-disabled', text: `the ${kind} message is turned off in the SMS templates` };
    } else if (p.text === '') {
      status = 'failed';
      err = { code: 'empty-message', text: 'the template renders to an empty text' };
    }
    // held while the commune's identity is missing (hold.ts): queued with no next attempt, its placeholders kept
    const held = status === 'queued' && HELD_KINDS.includes(kind) && !!this.deps.hold && this.deps.holding?.() === true;
    if (held) err = { code: HELD_CODE, text: HELD_TEXT };
    if (p.missing.length) this.deps.log.warn({ smsId: id, kind, missing: p.missing }, 'SMS placeholders without a value');
    this.deps.store.insert({
      id,
      kind,
      file_id: req.fileId,
      to_phone: phone.ok ? phone.e164 : req.to,
      body: p.text,
      encoding: p.encoding,
      segments: p.segments,
      status,
      attempts: 0,
      // ---- held for the clerk's undo window (issue 14 §2); the worker takes only what is due ----
      next_attempt_at: status === 'queued' && !held ? Math.max(now, req.notBefore ?? now) : null,
      last_error_code: err?.code ?? null,
      last_error_text: err?.text ?? null,
      ...this.notYetSent(now),
      failed_at: status === 'failed' ? now : null,
      resend_of: null,
      // the values a ZNS template is filled from at send time (hub/src/zns/); a held message's are refreshed on release
      vars: JSON.stringify(this.values(req.vars)),
      channel: null,
    });
    if (held) {
      this.deps.hold!.hold(id, req.vars, now);
      this.deps.log.warn({ smsId: id, kind }, "SMS held: the commune's name, code or contact phone is not set");
      setImmediate(() => this.deps.onHeld?.());
      return { id };
    }
    // the caller's transaction commits (or not) before this runs; the worker then finds it (or not)
    if (status === 'queued') setImmediate(() => this.deps.kick());
    return { id };
  }

  /** A message's text from its template, the commune's name and phone as they are now, and the caller's values. */
  render(kind: SmsKindName, reqVars: Record<string, string>): ReturnType<typeof fitSms> {
    const tpl = this.deps.templateFor(kind);
    return fitSms(tpl.body, this.values(reqVars), { keepAccents: tpl.keepAccents && this.deps.unicode() });
  }

  /** The values a message is made from: the commune's name and phone as they are now, and the caller's. */
  values(reqVars: Record<string, string>): Record<string, string> {
    return { communeName: this.deps.communeName(), contactPhone: this.deps.contactPhone(), ...reqVars };
  }

  /**
   * The clerk's undo (issue 14 §2), in the caller's transaction: the file's messages written since `since` and still
   * held (queued, never attempted) are cancelled; `gone` counts those already past that point.
   */
  cancelHeld(fileId: string, since: number): { cancelled: number; gone: number } {
    const now = this.deps.clock.now();
    let cancelled = 0;
    let gone = 0;
    for (const row of this.deps.store.forFile(fileId)) {
      if (row.created_at < since || row.status === 'cancelled') continue;
      if (row.status === 'queued' && row.attempts === 0 && this.deps.store.markCancelled(row.id, { code: 'undone', text: 'the clerk undid the step that wrote it' }, now)) cancelled++;
      else if (row.status !== 'failed') gone++;
    }
    return { cancelled, gone };
  }

  /** A test message to any number, from the admin page or the CLI. Returns its id. */
  sendTest(to: string): string {
    const phone = normalizeVnMobile(to);
    if (!phone.ok) throw new ServiceError(phone.reason, 'a Vietnamese mobile number, e.g. 0912345678');
    return this.deps.db.transaction(() => this.enqueue({ kind: 'test', fileId: null, to: phone.e164, vars: {} }))().id;
  }

  /** A failed or expired message sent again, as a new message linked to the old one (the old keeps its history). Returns the new id. */
  resend(id: string): string {
    const { store } = this.deps;
    const found = store.get(id);
    if (!found) throw new ServiceError('not-found', 'no such message');
    const { updated_at: _updated, channel: _channel, ...row } = found;
    if (row.status !== 'failed' && row.status !== 'expired') throw new ServiceError('sms-not-resendable', `only a failed or expired message can be resent (this one is ${row.status})`);
    const phone = normalizeVnMobile(row.to_phone);
    if (!phone.ok) throw new ServiceError(phone.reason, 'the message has no valid number to send to');
    const now = this.deps.clock.now();
    const newId = this.nextId(now);
    try {
      this.deps.db.transaction(() => {
        if (store.resentAs(id)) throw new ServiceError('sms-not-resendable', 'this message was already resent');
        store.insert({
          ...row,
          id: newId,
          to_phone: phone.e164,
          status: 'queued',
          attempts: 0,
          next_attempt_at: now,
          last_error_code: null,
          last_error_text: null,
          ...this.notYetSent(now),
          failed_at: null,
          resend_of: id,
        });
      })();
    } catch (e) {
      if (e instanceof ServiceError) throw e;
      if (/UNIQUE/.test(String((e as Error).message))) throw new ServiceError('sms-not-resendable', 'this message was already resent');
      throw e;
    }
    this.deps.log.info({ smsId: newId, resendOf: id }, 'SMS resent by an admin');
    setImmediate(() => this.deps.kick());
    return newId;
  }

  /** The columns of a message made now that has not been near a gateway yet. */
  private notYetSent(now: number) {
    return {
      gateway: null,
      gateway_message_id: null,
      gateway_status: null,
      created_at: now,
      valid_until: now + this.deps.validityHours() * 3_600_000,
      attempt_started_at: null,
      sent_at: null,
      delivered_at: null,
    };
  }

  /** UUIDv7s that sort in the order they were made, even within one millisecond (the queue is first in, first out). */
  private nextId(now: number): string {
    const ms = now > this.lastIdMs ? now : this.lastIdMs + 1;
    this.lastIdMs = ms;
    return uuidv7(ms);
  }
}
