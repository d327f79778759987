import { DEFAULT_SMS_TEMPLATES, SAMPLE_SMS_VARS, SMS_KINDS, fitSms, prepareSms, reasonRoom, smsPreviewRequest, smsTemplateUpdate, unknownPlaceholders, type Clock, type SmsKindName, type SmsPreview, type SmsTemplateView, type SmsWorstCase } from '@onestop/shared';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import { parseOr } from '../http/parse.js';
import type { SmsStore } from './store.js';

export const KINDS = SMS_KINDS as readonly string[];

/** A template as a message is built from it: the admin's, or the default when the admin has not changed it. */
export interface SmsTemplate {
  body: string;
  enabled: boolean;
  keepAccents: boolean;
  updatedAt: number | null;
}

/** The SMS templates the admin edits: one per kind of message, with a preview of the text it makes. */
export class SmsTemplates {
  constructor(
    private readonly deps: {
      store: SmsStore;
      clock: Clock;
      log: Logger;
      communeName: () => string;
      /** read at every use: the admin may change the contact number while the hub runs */
      contactPhone: () => string;
      /** whether the gateway in use sends accented text (a template keeping accents is sent without them if not) */
      unicode: () => boolean;
      /** the active procedure's short name that is longest, for the worst case; undefined when none */
      longestProcedure?: () => string | undefined;
    },
  ) {}

  templateFor(kind: SmsKindName): SmsTemplate {
    const row = this.deps.store.template(kind);
    if (row) return { body: row.body, enabled: row.enabled === 1, keepAccents: row.keep_accents === 1, updatedAt: row.updated_at };
    return { ...DEFAULT_SMS_TEMPLATES[kind], updatedAt: null };
  }

  private sampleVars(): Record<string, string> {
    const contactPhone = this.deps.contactPhone();
    return { ...SAMPLE_SMS_VARS, communeName: this.deps.communeName(), ...(contactPhone ? { contactPhone } : {}) };
  }

  /**
   * The longest values a message of this commune gets: its real name and phone, the longest short procedure name,
   * a counter file code (YYYYMMDD-NNNN) and dd/mm/yyyy dates. A code given by another program through API v1 may be
   * longer: the rule then shortens the other parts.
   */
  worstVars(): Record<string, string> {
    const procedure = this.deps.longestProcedure?.();
    return { ...SAMPLE_SMS_VARS, fileCode: '20261231-9999', contactPhone: this.deps.contactPhone() || SAMPLE_SMS_VARS.contactPhone, communeName: this.deps.communeName(), ...(procedure ? { procedure } : {}) };
  }

  /** The template with worstVars(), as the hub would send it. */
  worstCase(body: string, keepAccents: boolean): SmsWorstCase {
    const vars = this.worstVars();
    const opts = { keepAccents: keepAccents && this.deps.unicode() };
    const f = fitSms(body, vars, opts);
    return {
      text: f.text,
      encoding: f.encoding,
      segments: f.segments,
      units: f.units,
      perSegment: f.perSegment,
      remaining: f.remaining,
      shortened: f.shortened,
      fits: f.fits,
      reasonRoom: reasonRoom(body, vars, opts),
      procedure: this.deps.longestProcedure?.() ?? null,
    };
  }

  private templateView(kind: SmsKindName): SmsTemplateView {
    const t = this.templateFor(kind);
    const p = prepareSms(t.body, this.sampleVars(), { keepAccents: t.keepAccents && this.deps.unicode() });
    return {
      kind,
      body: t.body,
      enabled: t.enabled,
      keepAccents: t.keepAccents,
      updatedAt: t.updatedAt,
      defaultBody: DEFAULT_SMS_TEMPLATES[kind].body,
      preview: { text: p.text, encoding: p.encoding, segments: p.segments, units: p.units },
      worst: this.worstCase(t.body, t.keepAccents),
      worstVars: this.worstVars(),
    };
  }

  /** Whether the admin has this kind of message switched on (a switched-off kind is stored as cancelled). */
  isEnabled(kind: SmsKindName): boolean {
    return this.templateFor(kind).enabled;
  }

  /** How long the clerk's reason may be in this file's message of `kind` (the counter page counts it down). */
  reasonRoomFor(kind: SmsKindName, vars: Record<string, string>): { enabled: boolean; keepAccents: boolean; room: number } {
    const t = this.templateFor(kind);
    const keepAccents = t.keepAccents && this.deps.unicode();
    const all = { ...vars, communeName: this.deps.communeName(), contactPhone: this.deps.contactPhone() };
    return { enabled: t.enabled, keepAccents, room: reasonRoom(t.body, all, { keepAccents }) ?? 0 };
  }

  templates(): SmsTemplateView[] {
    return SMS_KINDS.map((k) => this.templateView(k));
  }

  private kindOf(kind: string): SmsKindName {
    if (!KINDS.includes(kind)) throw new ServiceError('not-found', `no message kind "${kind}"; kinds: ${SMS_KINDS.join(', ')}`);
    return kind as SmsKindName;
  }

  updateTemplate(kind: string, body: unknown): SmsTemplateView {
    const k = this.kindOf(kind);
    const r = parseOr(smsTemplateUpdate, body, 'body');
    const unknown = unknownPlaceholders(r.body);
    if (unknown.length) throw new ServiceError('sms-template-invalid', `unknown placeholder(s): ${unknown.map((u) => `{${u}}`).join(', ')}`);
    const current = this.templateFor(k);
    this.deps.store.saveTemplate({
      kind: k,
      body: r.body,
      enabled: (r.enabled ?? current.enabled) ? 1 : 0,
      keep_accents: (r.keepAccents ?? current.keepAccents) ? 1 : 0,
      updated_at: this.deps.clock.now(),
    });
    this.deps.log.info({ kind: k }, 'SMS template changed');
    return this.templateView(k);
  }

  resetTemplate(kind: string): SmsTemplateView {
    const k = this.kindOf(kind);
    this.deps.store.deleteTemplate(k);
    return this.templateView(k);
  }

  preview(body: unknown): SmsPreview {
    const r = parseOr(smsPreviewRequest, body, 'body');
    const vars = { ...this.sampleVars(), ...r.vars };
    const p = prepareSms(r.body, vars, { keepAccents: r.keepAccents && this.deps.unicode() });
    return { text: p.text, encoding: p.encoding, segments: p.segments, units: p.units, perSegment: p.perSegment, remaining: p.remaining, missing: p.missing, unknown: p.unknown, nonGsm: p.nonGsm };
  }
}
