import { systemClock, type Clock } from '@onestop/shared';
import type { HubConfig } from './config/config.js';
import type { Db } from './db/open.js';
import { createLogger, silentLogger, type Logger } from './log.js';
import { ConsoleGateway } from './sms/gateways/console.js';
import { EventBus } from './events.js';
import { CounterService } from './counters/service.js';
import { DeviceService } from './devices/service.js';
import { RatingService } from './ratings/service.js';
import { RatingRollup } from './stats/rollup.js';
import { LiveService } from './live/service.js';
import { AuthService } from './auth/service.js';
import type { PasswordHasher } from './auth/passwords.js';
import { ApiTokenService } from './auth/apiTokens.js';
import { StaffProfiles } from './auth/photos.js';
import { ProcedureService } from './procedures/service.js';
import { FileService, type SmsMessagesReader } from './files/service.js';
import { RatingAttribution } from './files/attribution.js';
import type { SmsOutboxPort } from './sms/port.js';
import type { SmsGateway } from './sms/gateway.js';
import { SmsService } from './sms/service.js';
import { UpstreamService, type UpstreamPolicy, type UpstreamSettings } from './upstream/service.js';
import { PublicInfoService } from './publicinfo/service.js';
import { StatsService } from './stats/service.js';
import { ExportService } from './exports/service.js';
import { AuditService } from './audit/service.js';
import { SettingsService, type SettingsOverrides } from './settings/service.js';
import { AlertService } from './alerts/service.js';
import { RetentionService } from './retention/service.js';
import { BackupService } from './backup/service.js';
import { DisplayService } from './display/service.js';
import { ZnsService } from './zns/service.js';
import { SetupService } from './setup/service.js';
import { identityGaps } from '@onestop/shared';

export interface ServiceDeps {
  config: HubConfig;
  db: Db;
  clock?: Clock;
  log?: Logger;
  /** the SMS outbox files write their messages through, inside their transactions; none = the hub's own (SmsService) */
  sms?: SmsOutboxPort;
  /** the SMS gateway; none = the one config.sms names (tests hand in stand-ins) */
  smsGateway?: SmsGateway;
  /** the SMS feature's list of a file's messages (GET …/files/{code}/sms) */
  smsReader?: SmsMessagesReader;
  /** send the optional "received" SMS when a file is received; with the hub's own SMS service the admin's template switch decides (default on) */
  smsOnReceived?: boolean;
  /** alerts, retention and backup settings in place of the configuration and the admin's (tests plug in here) */
  opsSettings?: SettingsOverrides['ops'];
  /** what the upstream sender reads in place of the configuration and the admin's settings (tests plug in here) */
  upstreamSettings?: () => UpstreamSettings;
  /** the upstream sender's timing (tests shorten it); none = config.upstream's timeout and back-off */
  upstreamPolicy?: Partial<UpstreamPolicy>;
  /** how passwords are hashed; none = scrypt at OWASP's parameters (tests hand in a fast one) */
  passwords?: PasswordHasher;
  /** real-time interval of the ZNS token loop; none = 5 s (tests shorten it) */
  znsTickMs?: number;
  /** the hub's own address, for SMS delivery reports when PUBLIC_BASE_URL is unset (known once it listens) */
  localBaseUrl?: () => string;
}

/** Every service of the commune hub, built once and handed to the features' mounts, the jobs, the demo and the CLIs. */
export interface Services {
  bus: EventBus;
  audit: AuditService;
  /** admin-editable settings over the configuration: the one way every feature reads a live setting */
  settings: SettingsService;
  counters: CounterService;
  devices: DeviceService;
  auth: AuthService;
  staffProfiles: StaffProfiles;
  apiTokens: ApiTokenService;
  procedures: ProcedureService;
  /** also the SMS worker's SmsTruth */
  files: FileService;
  sms: SmsService;
  ratings: RatingService;
  live: LiveService;
  upstream: UpstreamService;
  publicInfo: PublicInfoService;
  stats: StatsService;
  exports: ExportService;
  alerts: AlertService;
  retention: RetentionService;
  backups: BackupService;
  display: DisplayService;
  /** Zalo ZNS, tried before SMS for the kinds with a template (the SMS worker's channel) */
  zns: ZnsService;
  /** the first day's checklist, and citizen SMS held while the commune's identity is missing */
  setup: SetupService;
}

/**
 * Builds the service graph of a commune hub and nothing else: no listening, no timers, no routes. The hub
 * (app.ts) mounts and starts it; the CLIs build the same graph on the same database for a one-off command.
 */
export function buildServices(deps: ServiceDeps): Services {
  const { config, db, clock = systemClock } = deps;
  const log = deps.log ?? createLogger({ level: config.logLevel });
  const bus = new EventBus(log.child({ module: 'events' }));
  const audit = new AuditService(db, clock, log.child({ module: 'audit' }));
  const settings = new SettingsService(db, config, clock, audit, log.child({ module: 'settings' }), { ops: deps.opsSettings, upstream: deps.upstreamSettings });
  const counters = new CounterService(db, clock);
  const devices = new DeviceService(db, clock, bus, log.child({ module: 'devices' }));
  const auth = new AuthService(db, clock, bus, counters, undefined, deps.passwords, audit);
  const apiTokens = new ApiTokenService(auth.store, clock);
  const staffProfiles = new StaffProfiles(db, clock, bus, (counterId) => auth.staffOnDuty(counterId));
  const procedures = new ProcedureService(db, clock);
  const filesLog = log.child({ module: 'files' });
  const sms = new SmsService({
    db,
    clock,
    log: log.child({ module: 'sms' }),
    get config() {
      return settings.smsConfig();
    },
    get communeName() {
      return settings.commune().name;
    },
    gateway: deps.smsGateway,
    // issue 14: no citizen message signed "Xã chưa cấu hình" or ending in a bare "ĐT"
    holdCitizenSms: () => identityGaps(settings.commune()).length > 0,
    onHeld: () => setup.sync(),
    longestProcedure: () => procedures.longestSmsName()?.smsName,
    localBaseUrl: deps.localBaseUrl ?? (() => `http://127.0.0.1:${config.port}`),
  });
  const outbox = deps.sms ?? sms;
  const files = new FileService({
    db,
    clock,
    bus,
    log: filesLog,
    procedures,
    counters,
    people: auth,
    sms: outbox,
    smsReader: deps.smsReader ?? sms,
    smsOnReceived: deps.smsOnReceived ?? deps.sms === undefined,
    undoWindowMs: () => settings.smsConfig().undoSeconds * 1000,
    returnTime: () => settings.returnTime(),
    get communeName() {
      return settings.commune().name;
    },
  });
  sms.useTruth(files);
  // the audit log shows names, not ids (issue 14 §4); read when a page or an export is shown, so always current
  audit.useNames(() => {
    const names = new Map<string, string>();
    const counterList = counters.list();
    for (const c of counterList) names.set(c.id, c.name);
    const counterName = new Map(counterList.map((c) => [c.id, c.name]));
    for (const d of devices.list()) names.set(d.id, d.label ?? `${d.kind === 'kiosk' ? 'Máy tính bảng' : 'Hộp nút'} · ${counterName.get(d.counterId) ?? ''}`);
    for (const u of auth.users()) names.set(u.id, u.displayName);
    for (const t of apiTokens.list()) names.set(t.id, t.name);
    for (const p of procedures.list({ includeInactive: true })) names.set(p.code, `${p.name} (${p.code})`);
    for (const c of publicInfo.contacts()) names.set(c.id, c.name);
    return names;
  });
  settings.onChange((keys) => keys.some((k) => k.startsWith('sms.')) && sms.refreshGateway());
  const attribution = new RatingAttribution(files.store, (counterId, at) => auth.staffOnDuty(counterId, at));
  const ratings = new RatingService(db, clock, bus, log.child({ module: 'ratings' }), (r) =>
    attribution.safeCredit(r, (err) => filesLog.error({ err, counterId: r.counterId }, 'crediting a rating failed; stored uncredited')),
    new RatingRollup(db),
  );
  const live = new LiveService(db, clock, devices);
  const upstream = new UpstreamService({
    db,
    clock,
    log: log.child({ module: 'upstream' }),
    settings: () => settings.upstreamSending(),
    policy: { timeoutMs: settings.upstream().requestTimeoutMs, backoff: settings.upstream().retry, ...deps.upstreamPolicy },
  });
  const publicInfo = new PublicInfoService(db, clock, () => settings.commune().name);
  const statsLog = log.child({ module: 'stats' });
  const stats = new StatsService(db, clock);
  const exports = new ExportService({ db, clock, log: statsLog.child({ part: 'exports' }), dataDir: config.dataDir, commune: () => settings.commune() });
  const opsLog = log.child({ module: 'ops' });
  const alerts = new AlertService({
    db,
    clock,
    log: opsLog.child({ part: 'alerts' }),
    config: () => settings.alerts(),
    sms: outbox,
    smsMessages: (q) => sms.list(q),
    devices,
    counters,
    calendar: () => procedures.calendar(),
    upstream,
  });
  const retention = new RetentionService(db, clock, opsLog.child({ part: 'retention' }), () => settings.retention());
  const backups = new BackupService(db, config.dataDir, clock, opsLog.child({ part: 'backup' }), () => settings.backup());
  const display = new DisplayService(db, clock, () => settings.commune().name);
  const zns = new ZnsService({
    db,
    clock,
    log: log.child({ module: 'zns' }),
    config: () => settings.zns(),
    alerts,
    sms,
    publicBaseUrl: () => settings.smsConfig().publicBaseUrl,
    tickMs: deps.znsTickMs,
  });
  sms.useChannel(zns.channel);
  settings.onChange((keys) => keys.some((k) => k.startsWith('zns.')) && zns.configChanged());
  const setup: SetupService = new SetupService({
    db,
    clock,
    log: log.child({ module: 'setup' }),
    audit,
    commune: () => settings.commune(),
    sms,
    users: () => auth.users(),
    counters: () => counters.list(),
    devices: () => devices.list(),
    procedures: () => procedures.list(),
    upstream: () => settings.upstream(),
    alerts,
  });
  settings.onChange((keys) => keys.some((k) => k.startsWith('commune.')) && setup.sync());
  return { bus, audit, settings, counters, devices, auth, staffProfiles, apiTokens, procedures, files, sms, ratings, live, upstream, publicInfo, stats, exports, alerts, retention, backups, display, zns, setup };
}

/**
 * The same graph for a one-off command (`hub counter add`, `hub sms test`, …) beside or instead of a running hub:
 * nothing is started, and SMS go to the outbox only (the running hub's worker sends them), never to a gateway.
 */
export function commandServices(config: HubConfig, db: Db, extra: Partial<ServiceDeps> = {}): Services {
  const log = extra.log ?? silentLogger();
  return buildServices({ config, db, log, smsGateway: new ConsoleGateway(log), ...extra });
}
