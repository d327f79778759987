/**
 * The settings an administrator may change from /admin/settings (docs/decisions/0036-settings-layering.md):
 * GET and PUT /api/admin/settings. Each setting's value is checked by its own schema.
 */
import { z } from 'zod';
import { dueTime } from './files.js';

/** The groups of the settings page. */
export const SETTING_GROUPS = ['commune', 'alerts', 'upstream', 'retention', 'sms', 'zns'] as const;
export type SettingGroup = (typeof SETTING_GROUPS)[number];

/** `http` is the generic gateway; its description lives in the configuration file (`sms.http`), not here. */
export const SMS_GATEWAYS = ['console', 'twilio', 'kannel', 'esms', 'speedsms', 'http'] as const;
export type SmsGatewayName = (typeof SMS_GATEWAYS)[number];

/**
 * The SMS providers' secret settings, named in one place (issue 13): each is write-only on /admin/settings and
 * belongs on the list of settings sealed at rest. The Twilio and Kannel ones are `sms.twilio.authToken` and
 * `sms.kannel.password`.
 */
export const SMS_PROVIDER_SECRET_SETTING_KEYS = ['sms.esms.apiKey', 'sms.esms.secretKey', 'sms.speedsms.token'] as const;

export interface SettingDef {
  key: string;
  group: SettingGroup;
  /** where the same value lives in the hub configuration (file / environment); a value set there wins and is locked */
  configPath: string;
  /** the admin's value, validated; null clears it (back to the configuration's value or the default) */
  schema: z.ZodType<string | number>;
  /** write-only: never returned, shown as set / not set */
  secret?: boolean;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const httpUrl = z.url({ protocol: /^https?$/ }).max(500);

/** Every setting. The commune's contact phone is the SMS templates' {contactPhone} (sms.contactPhone in the configuration). */
export const SETTING_DEFS: readonly SettingDef[] = [
  { key: 'commune.code', group: 'commune', configPath: 'commune.code', schema: z.string().trim().regex(/^[A-Za-z0-9-]{1,16}$/, 'mã đơn vị: 1–16 ký tự A–Z, 0–9 hoặc -') },
  { key: 'commune.name', group: 'commune', configPath: 'commune.name', schema: text(200) },
  { key: 'commune.phone', group: 'commune', configPath: 'sms.contactPhone', schema: z.string().trim().regex(/^[0-9 +().-]{3,40}$/, 'a phone number: digits, spaces, + ( ) . -') },
  // the time of day of the return a file gets unless the clerk changes it (issue 14 §3): the receipt prints it
  { key: 'commune.returnTime', group: 'commune', configPath: 'commune.returnTime', schema: dueTime },
  // the mobile that gets each new alert by SMS (ALERT_PHONE), settable here too (issue 14)
  { key: 'alerts.phone', group: 'alerts', configPath: 'alerts.phone', schema: z.string().trim().regex(/^[0-9 +().-]{9,20}$/, 'a mobile number, e.g. 0912 345 678') },
  { key: 'upstream.url', group: 'upstream', configPath: 'upstream.url', schema: httpUrl },
  { key: 'upstream.secret', group: 'upstream', configPath: 'upstream.secret', schema: text(500), secret: true },
  { key: 'upstream.sendAt', group: 'upstream', configPath: 'upstream.sendAt', schema: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, e.g. 23:55') },
  { key: 'retention.days', group: 'retention', configPath: 'retention.days', schema: z.number().int().min(30).max(3650) },
  { key: 'sms.gateway', group: 'sms', configPath: 'sms.gateway', schema: z.enum(SMS_GATEWAYS) },
  { key: 'sms.twilio.accountSid', group: 'sms', configPath: 'sms.twilio.accountSid', schema: z.string().regex(/^AC[0-9a-zA-Z]{32}$/, 'AC followed by 32 characters') },
  { key: 'sms.twilio.authToken', group: 'sms', configPath: 'sms.twilio.authToken', schema: text(200), secret: true },
  { key: 'sms.twilio.from', group: 'sms', configPath: 'sms.twilio.from', schema: text(40) },
  { key: 'sms.twilio.messagingServiceSid', group: 'sms', configPath: 'sms.twilio.messagingServiceSid', schema: z.string().regex(/^MG[0-9a-zA-Z]{32}$/, 'MG followed by 32 characters') },
  { key: 'sms.kannel.sendsmsUrl', group: 'sms', configPath: 'sms.kannel.sendsmsUrl', schema: httpUrl },
  { key: 'sms.kannel.username', group: 'sms', configPath: 'sms.kannel.username', schema: text(100) },
  { key: 'sms.kannel.password', group: 'sms', configPath: 'sms.kannel.password', schema: text(200), secret: true },
  { key: 'sms.kannel.from', group: 'sms', configPath: 'sms.kannel.from', schema: text(40) },
  // the Vietnamese brand-name providers (issue 13); their secrets are SMS_PROVIDER_SECRET_SETTING_KEYS
  { key: 'sms.esms.apiKey', group: 'sms', configPath: 'sms.esms.apiKey', schema: text(200), secret: true },
  { key: 'sms.esms.secretKey', group: 'sms', configPath: 'sms.esms.secretKey', schema: text(200), secret: true },
  { key: 'sms.esms.brandname', group: 'sms', configPath: 'sms.esms.brandname', schema: text(40) },
  { key: 'sms.speedsms.token', group: 'sms', configPath: 'sms.speedsms.token', schema: text(200), secret: true },
  { key: 'sms.speedsms.sender', group: 'sms', configPath: 'sms.speedsms.sender', schema: text(40) },
  { key: 'sms.pricePerSegment', group: 'sms', configPath: 'sms.pricePerSegment', schema: z.number().min(0).max(100_000) },
  ...ZNS_SETTING_DEFS(),
  // the clerk's undo window after "ready" and "returned" (issue 14 §2); the message is held meanwhile
  { key: 'sms.undoSeconds', group: 'sms', configPath: 'sms.undoSeconds', schema: z.number().int().min(0).max(600) },
];

/** The kinds of message a ZNS template may be registered for (the hub's zns/config.ts takes this list). */
export const ZNS_TEMPLATE_KINDS = ['received', 'supplement', 'ready', 'apology', 'reminder'] as const;

/**
 * Zalo ZNS (docs/sms.md): the app, the webhook's key, and per kind the approved template's id and how its
 * parameters take our values ("ma_ho_so=fileCode; ngay_hen=appointmentDate"). The refresh token is not here: it
 * changes at each refresh, so a new one is pasted through PUT /api/admin/zns/refresh-token, never locked.
 */
function ZNS_SETTING_DEFS(): SettingDef[] {
  const pairs = /^\s*[A-Za-z0-9_]{1,50}\s*=\s*[A-Za-z]+\s*(;\s*[A-Za-z0-9_]{1,50}\s*=\s*[A-Za-z]+\s*)*;?\s*$/;
  return [
    { key: 'zns.enabled', group: 'zns', configPath: 'zns.enabled', schema: z.enum(['on', 'off']) },
    { key: 'zns.appId', group: 'zns', configPath: 'zns.appId', schema: z.string().trim().regex(/^\d{1,30}$/, 'digits') },
    { key: 'zns.appSecret', group: 'zns', configPath: 'zns.appSecret', schema: text(200), secret: true },
    { key: 'zns.webhookSecret', group: 'zns', configPath: 'zns.webhookSecret', schema: text(200), secret: true },
    ...['received', 'supplement', 'ready', 'apology', 'reminder'].flatMap((k): SettingDef[] => [
      { key: `zns.templates.${k}.templateId`, group: 'zns', configPath: `zns.templates.${k}.templateId`, schema: z.string().trim().regex(/^[0-9A-Za-z_-]{1,40}$/, 'a ZNS template id (digits)') },
      { key: `zns.templates.${k}.params`, group: 'zns', configPath: `zns.templates.${k}.params`, schema: z.string().trim().max(500).regex(pairs, 'parameter=field; parameter=field') },
    ]),
  ];
}

export const SETTING_KEYS = SETTING_DEFS.map((d) => d.key);
export const defOf = (key: string) => SETTING_DEFS.find((d) => d.key === key);

/** PUT /api/admin/settings: `{ values: { "commune.name": "Xã A", "sms.kannel.password": null } }` (null: clear). */
export const settingsUpdate = z.strictObject({
  values: z.record(z.string().max(60), z.union([z.string().max(500), z.number(), z.null()])).refine((v) => Object.keys(v).length > 0, 'nothing to change'),
});
export type SettingsUpdate = z.input<typeof settingsUpdate>;

/** Where a setting's effective value comes from. */
export const SETTING_SOURCES = ['default', 'admin', 'env', 'file', 'flag'] as const;
export type SettingSource = (typeof SETTING_SOURCES)[number];

/** One setting as the admin page sees it. A secret's value is never returned: only whether it is set. */
export const settingView = z.object({
  key: z.string(),
  group: z.enum(SETTING_GROUPS),
  value: z.union([z.string(), z.number()]).nullable(),
  secret: z.boolean(),
  isSet: z.boolean(),
  source: z.enum(SETTING_SOURCES),
  /** set by the configuration file, the environment or a flag: the admin cannot change it here */
  locked: z.boolean(),
});
export type SettingView = z.infer<typeof settingView>;
