import { z } from 'zod';
import { SMS_PLACEHOLDERS, ZNS_TEMPLATE_KINDS } from '@onestop/shared';

/** The kinds of message a ZNS template may be registered for (tests and alerts always go by SMS). */
export const ZNS_KINDS = ZNS_TEMPLATE_KINDS;
export type ZnsKind = (typeof ZNS_KINDS)[number];

/** Our values a template parameter may take (the SMS templates' placeholders). */
export const ZNS_FIELDS = SMS_PLACEHOLDERS;

/**
 * "ma_ho_so=fileCode; ngay_hen=appointmentDate" → { ma_ho_so: 'fileCode', ngay_hen: 'appointmentDate' }: how the
 * template's parameters (named when it was registered at Zalo) take our values. The admin page edits this text;
 * the config file may give the object itself.
 */
export function parseParamMap(text: string): { ok: true; map: Record<string, string> } | { ok: false; error: string } {
  const map: Record<string, string> = {};
  for (const part of text.split(/[;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9_]{1,50})\s*=\s*([A-Za-z]+)$/.exec(part);
    if (!m) return { ok: false, error: `"${part}" is not parameter=field` };
    if (!(ZNS_FIELDS as readonly string[]).includes(m[2]!)) return { ok: false, error: `"${m[2]}" is not one of ${ZNS_FIELDS.join(', ')}` };
    map[m[1]!] = m[2]!;
  }
  if (Object.keys(map).length === 0) return { ok: false, error: 'no parameter=field pair' };
  return { ok: true, map };
}

export const ZNS_PARAMS_TEXT = z.string().superRefine((t, ctx) => {
  const r = parseParamMap(t);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
});

const paramMap = z.union([
  ZNS_PARAMS_TEXT.transform((t) => (parseParamMap(t) as { map: Record<string, string> }).map),
  z.record(z.string().regex(/^[A-Za-z0-9_]{1,50}$/), z.enum(ZNS_FIELDS)),
]);

export const ZNS_TEMPLATE_ID = z.string().trim().regex(/^[0-9A-Za-z_-]{1,40}$/, 'a ZNS template id, as Zalo shows it (digits)');

const templateSchema = z.strictObject({ templateId: ZNS_TEMPLATE_ID.optional(), params: paramMap.optional() });

const onOff = z.union([z.boolean(), z.literal(0), z.literal(1), z.enum(['on', 'off'])]).transform((v) => v === true || v === 1 || v === 'on');

/**
 * The `zns` section of the hub configuration (config file key "zns", or the ZNS_* variables): Zalo Notification
 * Service, tried before SMS for the kinds that have an approved template (docs/sms.md, "Zalo ZNS").
 * `refreshToken` is only the first one: each refresh returns the next, kept in the database (hub/src/zns/store.ts).
 */
export const znsConfigSchema = z
  .strictObject({
    enabled: onOff.default(false),
    /** the app's id and secret key in the Zalo developer console (developers.zalo.me → the app → Settings) */
    appId: z.string().trim().regex(/^\d{1,30}$/, 'the Zalo app id is digits').optional(),
    appSecret: z.string().min(1).optional(),
    /** the first refresh token (from the OA's authorisation); later ones live in the database */
    refreshToken: z.string().min(1).optional(),
    /** the OA secret key of the app's webhook page: checks X-ZEvent-Signature of delivery events */
    webhookSecret: z.string().min(1).optional(),
    /** another origin for the ZNS API and for OAuth (a stand-in); Zalo's own when unset */
    apiBase: z.url({ protocol: /^https?$/ }).default('https://business.openapi.zalo.me'),
    oauthBase: z.url({ protocol: /^https?$/ }).default('https://oauth.zaloapp.com'),
    /** refresh the access token this long before it expires (it lives about 25 hours) */
    refreshAheadMs: z.number().int().min(0).default(3_600_000),
    requestTimeoutMs: z.number().int().min(100).max(120_000).default(15_000),
    /** per kind: the approved template and how its parameters take our values */
    templates: z.partialRecord(z.enum(ZNS_KINDS), templateSchema).default({}),
  })
  .superRefine((c, ctx) => {
    if (!c.enabled) return;
    if (!c.appId) ctx.addIssue({ code: 'custom', path: ['appId'], message: 'ZNS_ENABLED=1 needs ZNS_APP_ID' });
    if (!c.appSecret) ctx.addIssue({ code: 'custom', path: ['appSecret'], message: 'ZNS_ENABLED=1 needs ZNS_APP_SECRET' });
    for (const [kind, t] of Object.entries(c.templates)) {
      if (t?.templateId && !t.params) ctx.addIssue({ code: 'custom', path: ['templates', kind, 'params'], message: `the ${kind} template needs its parameters (parameter=field; …)` });
    }
  });

export type ZnsConfig = z.infer<typeof znsConfigSchema>;

/** The environment variables of the ZNS section; undefined when none is set. */
export function znsEnvLayer(env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (env.ZNS_ENABLED !== undefined && env.ZNS_ENABLED !== '') out.enabled = /^(1|true|yes|on)$/i.test(env.ZNS_ENABLED);
  if (env.ZNS_APP_ID) out.appId = env.ZNS_APP_ID;
  if (env.ZNS_APP_SECRET) out.appSecret = env.ZNS_APP_SECRET;
  if (env.ZNS_REFRESH_TOKEN) out.refreshToken = env.ZNS_REFRESH_TOKEN;
  if (env.ZNS_WEBHOOK_SECRET) out.webhookSecret = env.ZNS_WEBHOOK_SECRET;
  if (env.ZNS_API_BASE) out.apiBase = env.ZNS_API_BASE;
  if (env.ZNS_OAUTH_BASE) out.oauthBase = env.ZNS_OAUTH_BASE;
  return Object.keys(out).length ? out : undefined;
}

/** The template of a kind, when ZNS is on and it has an id and parameters. */
export function templateFor(c: ZnsConfig, kind: string): { templateId: string; params: Record<string, string> } | null {
  if (!c.enabled) return null;
  const t = c.templates[kind as ZnsKind];
  return t?.templateId && t.params ? { templateId: t.templateId, params: t.params } : null;
}
