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
  const devices = new DeviceService(db, clock, bus);
  const auth = new AuthService(db, clock, bus, counters, undefined, deps.passwords, audit);
  const apiTokens = new ApiTokenService(auth.store, clock);
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
    get communeName() {
      return settings.commune().name;
    },
  });
  sms.useTruth(files);
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
  return { bus, audit, settings, counters, devices, auth, apiTokens, procedures, files, sms, ratings, live, upstream, publicInfo, stats, exports, alerts, retention, backups, display };
}

/**
 * The same graph for a one-off command (`hub counter add`, `hub sms test`, …) beside or instead of a running hub:
 * nothing is started, and SMS go to the outbox only (the running hub's worker sends them), never to a gateway.
 */
export function commandServices(config: HubConfig, db: Db, extra: Partial<ServiceDeps> = {}): Services {
  const log = extra.log ?? silentLogger();
  return buildServices({ config, db, log, smsGateway: new ConsoleGateway(log), ...extra });
}
