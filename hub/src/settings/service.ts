import { defOf, formatIssues, SETTING_DEFS, settingsUpdate, type Clock, type IssueList, type SettingDef, type SettingSource, type SettingView } from '@onestop/shared';
import type { Db } from '../db/open.js';
import { MetaStore } from '../db/meta.js';
import type { Logger } from '../log.js';
import { configSources, type ConfigSource, type HubConfig } from '../config/config.js';
import { smsConfigSchema, type SmsConfig } from '../sms/config.js';
import { upstreamConfigSchema, type UpstreamConfig } from '../upstream/config.js';
import { ServiceError } from '../http/errors.js';
import type { AuditActor, AuditService } from '../audit/service.js';
import { parseOr } from '../http/parse.js';
import type { AlertsConfig } from '../alerts/config.js';
import type { RetentionConfig } from '../retention/config.js';
import type { BackupConfig } from '../backup/config.js';
import type { UpstreamSettings } from '../upstream/service.js';
import { znsConfigSchema, type ZnsConfig } from '../zns/config.js';

/** Values that stand in for the configuration and the admin's settings (tests and benchmarks hand them in). */
export interface SettingsOverrides {
  ops?: { alerts?: () => AlertsConfig; retention?: () => RetentionConfig; backup?: () => BackupConfig };
  upstream?: () => UpstreamSettings;
}

export type { SettingSource, SettingView } from '@onestop/shared';

const ROW_PREFIX = 'admin.';

function getPath(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
}

function setPath(o: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    cur = cur[k] = next && typeof next === 'object' ? { ...(next as Record<string, unknown>) } : {};
  }
  cur[keys[keys.length - 1]!] = value;
}

/**
 * Administrator-editable settings, stored in the `settings` table (rows "admin.<key>", JSON values), layered over
 * the configuration: a value the config file, the environment or a flag set explicitly wins and is shown locked;
 * else the admin's value; else the configuration's default (docs/decisions/0036-settings-layering.md).
 * The features read the effective values through the getters below, so a change applies without a restart.
 */
export class SettingsService {
  private readonly sources: ReadonlyMap<string, ConfigSource>;
  private readonly listeners: ((keys: string[]) => void)[] = [];
  private cache: Map<string, string | number> | null = null;
  private readonly meta: MetaStore;

  constructor(
    private readonly db: Db,
    private readonly config: HubConfig,
    readonly clock: Clock,
    private readonly audit?: AuditService,
    private readonly log?: Logger,
    private readonly overrides: SettingsOverrides = {},
  ) {
    this.sources = configSources(config);
    this.meta = new MetaStore(db);
  }

  // ---------- reading ----------

  private stored(): Map<string, string | number> {
    if (!this.cache) {
      this.cache = new Map(this.meta.withPrefix(ROW_PREFIX).map((r) => [r.key, JSON.parse(r.value) as string | number]));
    }
    return this.cache;
  }

  private effective(d: SettingDef): { value: unknown; source: SettingSource } {
    const src = this.sources.get(d.configPath);
    if (src) return { value: getPath(this.config, d.configPath), source: src };
    const mine = this.stored().get(d.key);
    if (mine !== undefined) return { value: mine, source: 'admin' };
    return { value: getPath(this.config, d.configPath), source: 'default' };
  }

  view(d: SettingDef): SettingView {
    const effective = this.effective(d);
    const source = effective.source;
    // a switch (zns.enabled) is shown and edited as on / off
    const value = typeof effective.value === 'boolean' ? (effective.value ? 'on' : 'off') : effective.value;
    const isSet = value !== undefined && value !== null && value !== '';
    return {
      key: d.key,
      group: d.group,
      value: d.secret || !isSet ? null : (value as string | number),
      secret: !!d.secret,
      isSet,
      source,
      locked: source !== 'admin' && source !== 'default',
    };
  }

  list(): SettingView[] {
    return SETTING_DEFS.map((d) => this.view(d));
  }

  /** The configuration with every admin value put in place (locked paths keep the configuration's value). */
  private layered(over: Map<string, string | number> = this.stored()): Record<string, unknown> {
    const out: Record<string, unknown> = { ...(this.config as unknown as Record<string, unknown>) };
    for (const d of SETTING_DEFS) {
      if (this.sources.has(d.configPath)) continue;
      const v = over.get(d.key);
      if (v !== undefined) setPath(out, d.configPath, v);
    }
    return out;
  }

  commune(): { code: string; name: string; phone: string } {
    if (this.communeMemo?.from === this.stored()) return this.communeMemo.value;
    const c = this.layered();
    const value = { code: String(getPath(c, 'commune.code')), name: String(getPath(c, 'commune.name')), phone: String(getPath(c, 'sms.contactPhone') ?? '') };
    this.communeMemo = { from: this.stored(), value };
    return value;
  }

  private communeMemo: { from: Map<string, string | number>; value: { code: string; name: string; phone: string } } | null = null;

  /** An object whose code and name are always the current ones (for code that keeps a reference). */
  readonly liveCommune = (() => {
    const self = this;
    return {
      get code() {
        return self.commune().code;
      },
      get name() {
        return self.commune().name;
      },
    };
  })();

  /** Parsed once per change: the SMS feature reads it at every message. */
  smsConfig(): SmsConfig {
    if (this.smsMemo?.from !== this.stored()) this.smsMemo = { from: this.stored(), value: this.valid('sms', smsConfigSchema, this.config.sms) };
    return this.smsMemo.value;
  }

  /**
   * A section with the admin's values in place, parsed by its feature's schema. Values were checked when saved, but
   * the configuration under them may have changed since (an environment variable removed): then the configuration
   * alone is used and the problem logged, so sending an SMS or a file's transition never fails on a setting.
   */
  private valid<T>(section: 'sms' | 'upstream' | 'zns', schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: IssueList } }, fallback: T): T {
    const r = schema.safeParse(this.layered()[section]);
    if (r.success) return r.data;
    this.log?.error({ section, problem: formatIssues(r.error, 'value') }, 'admin settings no longer fit the configuration; using the configuration alone until they are corrected on /admin/settings');
    return fallback;
  }

  private smsMemo: { from: Map<string, string | number>; value: SmsConfig } | null = null;

  /** Zalo ZNS as the admin may have set it (account, templates per kind), parsed once per change. */
  zns(): ZnsConfig {
    if (this.znsMemo?.from !== this.stored()) this.znsMemo = { from: this.stored(), value: this.valid('zns', znsConfigSchema, this.config.zns) };
    return this.znsMemo.value;
  }

  private znsMemo: { from: Map<string, string | number>; value: ZnsConfig } | null = null;

  upstream(): UpstreamConfig {
    return this.valid('upstream', upstreamConfigSchema, this.config.upstream);
  }

  /** The time of day of the return a file gets unless the clerk changes it (HH:MM). */
  returnTime(): string {
    return String(getPath(this.layered(), 'commune.returnTime') ?? this.config.commune.returnTime);
  }

  retentionDays(): number {
    return Number(getPath(this.layered(), 'retention.days') ?? 90);
  }

  /** What the upstream sender reads at every use: the link and the commune, as the admin may have set them. */
  upstreamSending(): UpstreamSettings {
    if (this.overrides.upstream) return this.overrides.upstream();
    const u = this.upstream();
    return { url: u.url, secret: u.secret, sendAt: u.sendAt, commune: this.commune() };
  }

  /** The alert thresholds (configuration only) and the alert phone (also on /admin/settings). */
  /** Read at every satisfaction check (alerts/jobs.ts: after ratings, at most once a second per counter): built once per change of the admin's settings. */
  alerts(): AlertsConfig {
    if (this.overrides.ops?.alerts) return this.overrides.ops.alerts();
    if (this.alertsMemo?.from === this.stored()) return this.alertsMemo.value;
    const phone = getPath(this.layered(), 'alerts.phone') as string | undefined;
    const value = { ...this.config.alerts, phone };
    this.alertsMemo = { from: this.stored(), value };
    return value;
  }

  private alertsMemo: { from: Map<string, string | number>; value: AlertsConfig } | null = null;

  /** The retention period as the admin may have set it, with the configuration's batch size. */
  retention(): RetentionConfig {
    return this.overrides.ops?.retention?.() ?? { ...this.config.retention, days: this.retentionDays() };
  }

  backup(): BackupConfig {
    return this.overrides.ops?.backup?.() ?? this.config.backup;
  }

  /** Called after a change commits, with the keys that changed. */
  onChange(listener: (keys: string[]) => void): void {
    this.listeners.push(listener);
  }

  // ---------- changing ----------

  /**
   * Applies the admin's changes, all or nothing: an unknown key, a locked key, a bad value or a combination that
   * does not make a working configuration (Kannel without its password) refuses the whole request and changes
   * nothing. The audit entry is written in the same transaction.
   */
  update(body: unknown, actor: AuditActor): SettingView[] {
    const { values } = parseOr(settingsUpdate, body, 'value');
    const next = new Map(this.stored());
    const changes: { def: SettingDef; value: string | number | null }[] = [];
    for (const [key, raw] of Object.entries(values)) {
      const def = defOf(key);
      if (!def) throw new ServiceError('invalid-payload', `no setting "${key}"`);
      if (this.sources.has(def.configPath)) throw new ServiceError('setting-locked', `${key} is set by the ${this.sources.get(def.configPath) === 'env' ? 'environment' : 'configuration'}`);
      let value: string | number | null = null;
      if (raw !== null && !(typeof raw === 'string' && raw.trim() === '' && !def.secret)) {
        const r = def.schema.safeParse(raw);
        if (!r.success) throw new ServiceError('invalid-payload', `${key}: ${formatIssues(r.error, 'value')}`);
        value = r.data;
      }
      if (value === null) next.delete(key);
      else next.set(key, value);
      changes.push({ def, value });
    }
    // the result must still be a configuration the features can run with
    const whole = this.layered(next);
    const sms = smsConfigSchema.safeParse(whole.sms);
    if (!sms.success) throw new ServiceError('invalid-payload', `sms.${formatIssues(sms.error, 'value')}`);
    const up = upstreamConfigSchema.safeParse(whole.upstream);
    if (!up.success) throw new ServiceError('invalid-payload', `upstream.${formatIssues(up.error, 'value')}`);
    const zns = znsConfigSchema.safeParse(whole.zns);
    if (!zns.success) throw new ServiceError('invalid-payload', `zns.${formatIssues(zns.error, 'value')}`);

    const before = changes.map((c) => this.view(c.def));
    try {
      this.db.transaction(() => {
        for (const c of changes) {
          if (c.value === null) this.meta.delete(ROW_PREFIX + c.def.key);
          else this.meta.put(ROW_PREFIX + c.def.key, JSON.stringify(c.value));
        }
        this.cache = next;
        const after = changes.map((c) => this.view(c.def));
        this.audit?.record(actor, { kind: 'setting', action: 'update', target: changes.map((c) => c.def.key).join(', '), before: summary(before), after: summary(after) });
      })();
    } catch (e) {
      this.cache = null; // rolled back: read again from the file
      throw e;
    }
    const keys = changes.map((c) => c.def.key);
    for (const l of this.listeners) l(keys);
    return changes.map((c) => this.view(c.def));
  }
}

/** key → value for the audit entry; a secret appears only as "set" / "not set". */
function summary(views: SettingView[]): Record<string, unknown> {
  return Object.fromEntries(views.map((v) => [v.key, v.secret ? (v.isSet ? '***' : null) : v.value]));
}
