import { DEFAULT_SMS_TEMPLATES, SAMPLE_SMS_VARS, SMS_KINDS, prepareSms, smsPreviewRequest, smsTemplateUpdate, unknownPlaceholders, type Clock, type SmsKindName, type SmsPreview, type SmsTemplateView } from '@onestop/shared';
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
    };
  }

  /** Whether the admin has this kind of message switched on (a switched-off kind is stored as cancelled). */
  isEnabled(kind: SmsKindName): boolean {
    return this.templateFor(kind).enabled;
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
