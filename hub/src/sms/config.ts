import { z } from 'zod';
import { parseQuietHours } from './policy.js';
import { httpGatewayConfig, resolveHttpGateway } from './gateways/http-config.js';

/**
 * The `sms` section of the hub configuration (config file key "sms", or the environment variables below).
 * Credentials are checked only for the gateway in use, so a config file may keep both sets.
 */
export const smsConfigSchema = z
  .strictObject({
    /** console (default, demo: log only) | twilio | kannel | esms | speedsms | http (docs/sms.md) */
    gateway: z.enum(['console', 'twilio', 'kannel', 'esms', 'speedsms', 'http']).default('console'),
    /** local hours when nothing is sent, "HH:MM-HH:MM"; "" for none */
    quietHours: z
      .string()
      .default('21:00-07:00')
      .refine((s) => {
        try {
          parseQuietHours(s);
          return true;
        } catch {
          return false;
        }
      }, 'quiet hours look like 21:00-07:00, or are empty for none'),
    /** how a gateway reaches the hub (delivery reports); unset: Kannel uses http://127.0.0.1:PORT, Twilio polls */
    publicBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** the one-stop counter's phone number, {contactPhone} in templates */
    contactPhone: z.string().trim().max(40).default(''),
    /** a message not sent within this many hours of being queued is given up (expired) */
    validityHours: z.number().min(1).max(168).default(24),
    /** per gateway: at most `burst` at once, then `ratePerMinute` on average */
    ratePerMinute: z.number().min(1).max(6000).default(30),
    burst: z.number().int().min(1).max(100).default(5),
    retry: z
      .strictObject({
        baseMs: z.number().int().min(100).default(30_000),
        maxMs: z.number().int().min(1000).default(3_600_000),
      })
      .prefault({}),
    /** one HTTP request to a gateway */
    requestTimeoutMs: z.number().int().min(100).max(120_000).default(15_000),
    /** an unanswered Twilio attempt is looked up this long after it started (Twilio's list catches up) */
    lookupAfterMs: z.number().int().min(0).default(60_000),
    /** an unanswered Kannel attempt with no delivery report after this long is marked failed "unconfirmed" */
    unconfirmedAfterMs: z.number().int().min(0).default(3_600_000),
    twilio: z
      .strictObject({
        accountSid: z.string().regex(/^AC[0-9a-zA-Z]{32}$/, 'an account SID is AC followed by 32 characters').optional(),
        authToken: z.string().min(1).optional(),
        from: z.string().min(1).max(40).optional(),
        messagingServiceSid: z.string().regex(/^MG[0-9a-zA-Z]{32}$/, 'a messaging service SID is MG followed by 32 characters').optional(),
        apiBase: z.url({ protocol: /^https?$/ }).optional(),
      })
      .optional(),
    kannel: z
      .strictObject({
        sendsmsUrl: z.url({ protocol: /^https?$/ }).optional(),
        username: z.string().min(1).optional(),
        password: z.string().min(1).optional(),
        from: z.string().min(1).max(40).optional(),
      })
      .optional(),
    // ---------- the Vietnamese brand-name providers (issue 13) ----------
    /** eSMS (ViHAT): customer-care brand-name SMS */
    esms: z
      .strictObject({
        apiKey: z.string().min(1).max(200).optional(),
        secretKey: z.string().min(1).max(200).optional(),
        brandname: z.string().min(1).max(40).optional(),
        apiBase: z.url({ protocol: /^https?$/ }).optional(),
      })
      .optional(),
    /** SpeedSMS: brand-name SMS */
    speedsms: z
      .strictObject({
        token: z.string().min(1).max(200).optional(),
        sender: z.string().min(1).max(40).optional(),
        apiBase: z.url({ protocol: /^https?$/ }).optional(),
      })
      .optional(),
    /** any other provider with an HTTP API, from the configuration file (hub/src/sms/gateways/http-config.ts) */
    http: httpGatewayConfig.optional(),
    /** what one SMS part costs the commune (VND), for the template editor; 0: not shown */
    pricePerSegment: z.number().min(0).max(100_000).default(0),
    /** the clerk may undo "ready" / "returned" this many seconds; the file's message is held meanwhile (issue 14 §2) */
    undoSeconds: z.number().int().min(0).max(600).default(60),
  })
  .superRefine((c, ctx) => {
    if (c.gateway === 'twilio') {
      if (!c.twilio?.accountSid) ctx.addIssue({ code: 'custom', path: ['twilio', 'accountSid'], message: 'SMS_GATEWAY=twilio needs TWILIO_ACCOUNT_SID' });
      if (!c.twilio?.authToken) ctx.addIssue({ code: 'custom', path: ['twilio', 'authToken'], message: 'SMS_GATEWAY=twilio needs TWILIO_AUTH_TOKEN' });
      if (!c.twilio?.from && !c.twilio?.messagingServiceSid) {
        ctx.addIssue({ code: 'custom', path: ['twilio', 'from'], message: 'SMS_GATEWAY=twilio needs TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID' });
      }
    }
    if (c.gateway === 'kannel') {
      if (!c.kannel?.sendsmsUrl) ctx.addIssue({ code: 'custom', path: ['kannel', 'sendsmsUrl'], message: 'SMS_GATEWAY=kannel needs KANNEL_SENDSMS_URL' });
      if (!c.kannel?.username) ctx.addIssue({ code: 'custom', path: ['kannel', 'username'], message: 'SMS_GATEWAY=kannel needs KANNEL_USERNAME' });
      if (!c.kannel?.password) ctx.addIssue({ code: 'custom', path: ['kannel', 'password'], message: 'SMS_GATEWAY=kannel needs KANNEL_PASSWORD' });
    }
    if (c.gateway === 'esms') {
      if (!c.esms?.apiKey) ctx.addIssue({ code: 'custom', path: ['esms', 'apiKey'], message: 'SMS_GATEWAY=esms needs ESMS_API_KEY' });
      if (!c.esms?.secretKey) ctx.addIssue({ code: 'custom', path: ['esms', 'secretKey'], message: 'SMS_GATEWAY=esms needs ESMS_SECRET_KEY' });
      if (!c.esms?.brandname) ctx.addIssue({ code: 'custom', path: ['esms', 'brandname'], message: 'SMS_GATEWAY=esms needs ESMS_BRANDNAME' });
    }
    if (c.gateway === 'speedsms') {
      if (!c.speedsms?.token) ctx.addIssue({ code: 'custom', path: ['speedsms', 'token'], message: 'SMS_GATEWAY=speedsms needs SPEEDSMS_TOKEN' });
      if (!c.speedsms?.sender) ctx.addIssue({ code: 'custom', path: ['speedsms', 'sender'], message: 'SMS_GATEWAY=speedsms needs SPEEDSMS_SENDER' });
    }
    if (c.gateway === 'http') {
      if (!c.http) ctx.addIssue({ code: 'custom', path: ['http'], message: 'SMS_GATEWAY=http needs an "sms.http" section in the configuration file' });
      else {
        const r = resolveHttpGateway(c.http);
        if (!r.ok) ctx.addIssue({ code: 'custom', path: ['http', ...r.path.map(String)], message: `SMS_GATEWAY=http: ${r.message}` });
      }
    }
  });

export type SmsConfig = z.infer<typeof smsConfigSchema>;

/** The environment variables of the SMS section; undefined when none is set. */
export function smsEnvLayer(env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const twilio: Record<string, unknown> = {};
  const kannel: Record<string, unknown> = {};
  if (env.SMS_GATEWAY) out.gateway = env.SMS_GATEWAY;
  if (env.SMS_QUIET_HOURS !== undefined) out.quietHours = env.SMS_QUIET_HOURS;
  if (env.PUBLIC_BASE_URL) out.publicBaseUrl = env.PUBLIC_BASE_URL;
  if (env.SMS_CONTACT_PHONE) out.contactPhone = env.SMS_CONTACT_PHONE;
  if (env.SMS_UNDO_SECONDS) out.undoSeconds = Number(env.SMS_UNDO_SECONDS);
  if (env.TWILIO_ACCOUNT_SID) twilio.accountSid = env.TWILIO_ACCOUNT_SID;
  if (env.TWILIO_AUTH_TOKEN) twilio.authToken = env.TWILIO_AUTH_TOKEN;
  if (env.TWILIO_FROM) twilio.from = env.TWILIO_FROM;
  if (env.TWILIO_MESSAGING_SERVICE_SID) twilio.messagingServiceSid = env.TWILIO_MESSAGING_SERVICE_SID;
  if (env.TWILIO_API_BASE) twilio.apiBase = env.TWILIO_API_BASE;
  if (env.KANNEL_SENDSMS_URL) kannel.sendsmsUrl = env.KANNEL_SENDSMS_URL;
  if (env.KANNEL_USERNAME) kannel.username = env.KANNEL_USERNAME;
  if (env.KANNEL_PASSWORD) kannel.password = env.KANNEL_PASSWORD;
  if (env.KANNEL_FROM) kannel.from = env.KANNEL_FROM;
  if (Object.keys(twilio).length) out.twilio = twilio;
  if (Object.keys(kannel).length) out.kannel = kannel;
  const esms = present({ apiKey: env.ESMS_API_KEY, secretKey: env.ESMS_SECRET_KEY, brandname: env.ESMS_BRANDNAME, apiBase: env.ESMS_API_BASE });
  if (esms) out.esms = esms;
  const speedsms = present({ token: env.SPEEDSMS_TOKEN, sender: env.SPEEDSMS_SENDER, apiBase: env.SPEEDSMS_API_BASE });
  if (speedsms) out.speedsms = speedsms;
  return Object.keys(out).length ? out : undefined;
}

/** The variables that are set (non-empty), or undefined when none is. */
function present(vars: Record<string, string | undefined>): Record<string, string> | undefined {
  const set = Object.entries(vars).filter((e): e is [string, string] => !!e[1]);
  return set.length ? Object.fromEntries(set) : undefined;
}
