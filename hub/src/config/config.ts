import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dueTime, issueLines, PASSWORD_MIN, UNSET_COMMUNE } from '@onestop/shared';
import { smsConfigSchema, smsEnvLayer } from '../sms/config.js';
import { receiverConfigSchema, receiverEnvLayer } from '../receiver/config.js';
import { upstreamConfigSchema, upstreamEnvLayer } from '../upstream/config.js';
import { alertsConfigSchema } from '../alerts/config.js';
import { retentionConfigSchema } from '../retention/config.js';
import { backupConfigSchema } from '../backup/config.js';
import { znsConfigSchema, znsEnvLayer } from '../zns/config.js';

/** A file's time of return when neither the configuration nor the admin set one (docs/files.md). */
export const DEFAULT_RETURN_TIME = '08:00';

/**
 * Hub configuration: defaults → config file → environment → command-line flags. Parsed once by a schema;
 * a bad value stops the start with a message naming the field.
 */
export const hubConfigSchema = z.strictObject({
  role: z.enum(['commune', 'upstream']).default('commune'),
  dataDir: z.string().min(1).default('./data'),
  host: z.string().min(1).default('0.0.0.0'),
  port: z.number().int().min(0).max(65535).default(8080),
  demo: z.boolean().default(true),
  // each part has its own default, so COMMUNE_NAME set alone works (issue 14); the defaults mean "not set yet"
  commune: z
    .strictObject({
      code: z.string().regex(/^[A-Za-z0-9-]{1,16}$/, 'commune code: 1–16 characters A–Z, a–z, 0–9 or -').default(UNSET_COMMUNE.code),
      name: z.string().min(1).max(200).default(UNSET_COMMUNE.name),
      /** the time of day of the return a file gets unless the clerk changes it: the morning session's start */
      returnTime: dueTime.default(DEFAULT_RETURN_TIME),
    })
    .prefault({}),
  /** Origins allowed to open browser sockets besides the hub's own. */
  allowedOrigins: z.array(z.string().url()).default([]),
  /** Host names the hub answers to besides its own (hub/src/http/hosts.ts; docs/operations.md, "Host names") */
  allowedHosts: z.array(z.string().min(1).max(253)).default([]),
  /**
   * The first admin's password, used only when the account is made (otherwise one is generated into
   * <dataDir>/first-admin-password); the same minimum as every password.
   */
  adminPassword: z.string().min(PASSWORD_MIN, `the admin password (HUB_ADMIN_PASSWORD) has at least ${PASSWORD_MIN} characters`).max(200).optional(),
  /** a file ready and not collected after this many days gets one reminder SMS (when the reminder template is on) */
  reminderAfterDays: z.number().int().min(1).max(60).default(3),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Path to the built kiosk-ui (served at /kiosk and /admin). */
  uiDir: z.string().optional(),
  /** SMS gateway, quiet hours, templates' contact phone: hub/src/sms/config.ts, docs/sms.md */
  sms: smsConfigSchema.prefault({}),
  /** the upstream role's rate limits: hub/src/receiver/config.ts, docs/province-guide.md */
  receiver: receiverConfigSchema.prefault({}),
  /** sending daily summaries upstream: hub/src/upstream/config.ts, docs/upstream-sender.md */
  upstream: upstreamConfigSchema.prefault({}),
  /** alerts, retention of personal data, backups: each feature's config.ts, docs/operations.md */
  alerts: alertsConfigSchema.prefault({}),
  retention: retentionConfigSchema.prefault({}),
  backup: backupConfigSchema.prefault({}),
  /** Zalo ZNS before SMS: hub/src/zns/config.ts, docs/sms.md */
  zns: znsConfigSchema.prefault({}),
});
export type HubConfig = z.infer<typeof hubConfigSchema>;
export type HubConfigInput = z.input<typeof hubConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

// apiKey / secretKey: eSMS; secrets: the generic HTTP SMS gateway's {secret.NAME} values; appSecret / refreshToken / webhookSecret: Zalo ZNS
const SECRET_KEYS = new Set(['adminPassword', 'secret', 'token', 'authToken', 'password', 'apiKey', 'secretKey', 'secrets', 'appSecret', 'refreshToken', 'webhookSecret']);

/** The config as it may be logged: secrets replaced by ***. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) && v !== undefined ? '***' : maskSecrets(v)]),
    );
  }
  return value;
}

function readFileLayer(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  try {
    const v = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

function envLayer(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (env.HUB_PORT) out.port = Number(env.HUB_PORT);
  if (env.HUB_HOST) out.host = env.HUB_HOST;
  if (env.HUB_DATA_DIR) out.dataDir = env.HUB_DATA_DIR;
  if (env.HUB_ALLOWED_ORIGINS) out.allowedOrigins = env.HUB_ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean);
  if (env.HUB_ALLOWED_HOSTS) out.allowedHosts = env.HUB_ALLOWED_HOSTS.split(',').map((s) => s.trim()).filter(Boolean);
  if (env.HUB_ADMIN_PASSWORD) out.adminPassword = env.HUB_ADMIN_PASSWORD;
  if (env.LOG_LEVEL) out.logLevel = env.LOG_LEVEL;
  if (env.COMMUNE_CODE || env.COMMUNE_NAME) {
    out.commune = { code: env.COMMUNE_CODE, name: env.COMMUNE_NAME };
  }
  if (env.ALERT_PHONE) out.alerts = { phone: env.ALERT_PHONE };
  if (env.RETENTION_DAYS) out.retention = { days: Number(env.RETENTION_DAYS) };
  const sms = smsEnvLayer(env);
  if (sms) out.sms = sms;
  const receiver = receiverEnvLayer(env);
  if (receiver) out.receiver = receiver;
  const upstream = upstreamEnvLayer(env);
  if (upstream) out.upstream = upstream;
  const zns = znsEnvLayer(env);
  if (zns) out.zns = zns;
  return out;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    const prev = out[k];
    out[k] =
      prev && typeof prev === 'object' && !Array.isArray(prev) && v && typeof v === 'object' && !Array.isArray(v)
        ? merge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

export function parseConfig(input: unknown): HubConfig {
  const r = hubConfigSchema.safeParse(input);
  if (!r.success) {
    const lines = issueLines(r.error, '(root)').map((l) => `  - ${l}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}

/**
 * Loads the layers. The file is `--config FILE`, or `hub.config.json` in the data directory when it exists.
 */
export function loadConfig(opts: {
  flags: Record<string, unknown>;
  configFile?: string;
  env?: NodeJS.ProcessEnv;
}): HubConfig {
  const env = opts.env ?? process.env;
  const envVals = envLayer(env);
  const dataDir = (opts.flags.dataDir ?? envVals.dataDir ?? './data') as string;
  const implicit = path.join(dataDir, 'hub.config.json');
  const file = opts.configFile ?? (fs.existsSync(implicit) ? implicit : undefined);
  let merged: Record<string, unknown> = {};
  const sources = new Map<string, ConfigSource>();
  if (file) {
    const layer = readFileLayer(file);
    leafPaths(layer).forEach((p) => sources.set(p, 'file'));
    merged = merge(merged, layer);
  }
  leafPaths(envVals).forEach((p) => sources.set(p, 'env'));
  merged = merge(merged, envVals);
  leafPaths(opts.flags).forEach((p) => sources.set(p, 'flag'));
  merged = merge(merged, opts.flags);
  const cfg = parseConfig(merged);
  const out = { ...cfg, dataDir: path.resolve(cfg.dataDir) };
  SOURCES.set(out, sources);
  return out;
}

/** Where an explicitly set value came from; the admin's settings page shows these locked (hub/src/settings/). */
export type ConfigSource = 'file' | 'env' | 'flag';
const SOURCES = new WeakMap<HubConfig, ReadonlyMap<string, ConfigSource>>();

/** The dotted paths ("commune.name", "sms.twilio.authToken") the file, environment or flags set, for a loaded config. */
export function configSources(config: HubConfig): ReadonlyMap<string, ConfigSource> {
  return SOURCES.get(config) ?? new Map();
}

function leafPaths(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v === undefined ? [] : v && typeof v === 'object' && !Array.isArray(v) ? leafPaths(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
