import { z } from 'zod';
import { parseQuietHours } from './policy.js';

/**
 * The `sms` section of the hub configuration (config file key "sms", or the environment variables below).
 * Credentials are checked only for the gateway in use, so a config file may keep both sets.
 */
export const smsConfigSchema = z
  .strictObject({
    /** console (default, demo: log only) | twilio | kannel */
    gateway: z.enum(['console', 'twilio', 'kannel']).default('console'),
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
  return Object.keys(out).length ? out : undefined;
}
