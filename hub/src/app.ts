import http from 'node:http';
import express from 'express';
import { Server } from 'socket.io';
import { MAX_SOCKET_MESSAGE_BYTES, systemClock, type Clock } from '@onestop/shared';
import type { HubConfig } from './config/config.js';
import type { Db } from './db/open.js';
import { schemaVersion } from './db/open.js';
import { createLogger, type Logger } from './log.js';
import { EventBus } from './events.js';
import { CounterService } from './counters/service.js';
import { counterAdminRoutes } from './counters/routes.js';
import { DeviceService } from './devices/service.js';
import { deviceAdminRoutes, pairingRoutes } from './devices/routes.js';
import { attachDeviceNamespace, type DeviceNamespace } from './devices/socket.js';
import { RatingService } from './ratings/service.js';
import { RatingRollup } from './stats/rollup.js';
import { attachRatingHandlers } from './ratings/socket.js';
import { LiveService } from './live/service.js';
import { attachLiveNamespace } from './live/socket.js';
import { adminRoutes } from './admin/routes.js';
import { jsonErrors, sendFail } from './http/routes.js';
import { originAllowed } from './http/origin.js';
import { AuthService } from './auth/service.js';
import type { PasswordHasher } from './auth/passwords.js';
import { ApiTokenService } from './auth/apiTokens.js';
import { authRoutes } from './auth/routes.js';
import { requireApiToken, requireRole } from './auth/http.js';
import { securityHeaders } from './auth/headers.js';
import { sameSiteRequest } from './auth/csrf.js';
import { ProcedureService } from './procedures/service.js';
import { procedureAdminRoutes, procedureApiRoutes, procedureReadRoutes } from './procedures/routes.js';
import { FileService, type SmsMessagesReader } from './files/service.js';
import { fileApiRoutes, filePublicRoutes, fileStaffRoutes } from './files/routes.js';
import { RatingAttribution } from './files/attribution.js';
import type { SmsOutboxPort } from './sms/port.js';
import type { SmsGateway } from './sms/gateway.js';
import { SmsService } from './sms/service.js';
import { smsRoutes } from './sms/routes.js';
import { UpstreamService, type UpstreamPolicy, type UpstreamSettings } from './upstream/service.js';
import { upstreamRoutes } from './upstream/routes.js';
import { DEFAULT_UI_DIR, uiRoutes } from './http/static.js';
import { PublicInfoService } from './publicinfo/service.js';
import { contactAdminRoutes, publicInfoRoutes } from './publicinfo/routes.js';
import { StatsService } from './stats/service.js';
import { statsRoutes } from './stats/routes.js';
import { ExportService } from './exports/service.js';
import { exportRoutes } from './exports/routes.js';
import { AuditService } from './audit/service.js';
import { auditContext } from './audit/hook.js';
import { auditRoutes } from './audit/routes.js';
import { SettingsService } from './settings/service.js';
import { settingsRoutes } from './settings/routes.js';
import type { AlertsConfig, BackupConfig, RetentionConfig } from './alerts/config.js';
import { AlertService } from './alerts/service.js';
import { alertRoutes, attachAlertsToLive } from './alerts/routes.js';
import { RetentionService } from './retention/service.js';
import { retentionRoutes } from './retention/routes.js';
import { BackupService } from './backup/service.js';
import { backupRoutes } from './backup/routes.js';
import { DisplayService } from './display/service.js';
import { displayRoutes } from './display/routes.js';
import { attachDisplayNamespace } from './display/socket.js';

export interface HubDeps {
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
  /** alerts, retention and backup settings, read at every use; none = config.alerts / .retention / .backup (admin settings plug in here) */
  opsSettings?: { alerts?: () => AlertsConfig; retention?: () => RetentionConfig; backup?: () => BackupConfig };
  /** what the upstream sender reads at every use; none = config.upstream and config.commune (admin settings plug in here) */
  upstreamSettings?: () => UpstreamSettings;
  /** the upstream sender's timing (tests shorten it); none = config.upstream's timeout and back-off */
  upstreamPolicy?: Partial<UpstreamPolicy>;
  /** how account passwords are hashed; none = scrypt at SCRYPT_PARAMS (tests hand in tiny parameters) */
  passwords?: PasswordHasher;
}

export interface Hub {
  app: express.Express;
  server: http.Server;
  io: Server;
  services: {
    counters: CounterService;
    devices: DeviceService;
    ratings: RatingService;
    live: LiveService;
    auth: AuthService;
    apiTokens: ApiTokenService;
    procedures: ProcedureService;
    /** also the SMS worker's SmsTruth */
    files: FileService;
    sms: SmsService;
    /** admin-editable settings over the configuration (hub/src/settings/) */
    settings: SettingsService;
    audit: AuditService;
    upstream: UpstreamService;
    alerts: AlertService;
    retention: RetentionService;
    backups: BackupService;
    display: DisplayService;
    exports: ExportService;
  };
  bus: EventBus;
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** The composition root: builds the express app and socket.io server, listens only when asked. */
export function createHub({ config, db, clock = systemClock, log = createLogger({ level: config.logLevel }), sms, smsReader, smsOnReceived, smsGateway, upstreamSettings, upstreamPolicy, opsSettings, passwords }: HubDeps): Hub {
  const bus = new EventBus(log.child({ module: 'events' }));
  const audit = new AuditService(db, clock, log.child({ module: 'audit' }));
  const settings = new SettingsService(db, config, clock, audit, log.child({ module: 'settings' }));
  const counters = new CounterService(db, clock);
  const devices = new DeviceService(db, clock, bus);
  const auth = new AuthService(db, clock, bus, counters, undefined, passwords);
  const apiTokens = new ApiTokenService(auth.store, clock);
  const procedures = new ProcedureService(db, clock);
  const filesLog = log.child({ module: 'files' });
  const smsLog = log.child({ module: 'sms' });
  // Kannel reaches the hub here for delivery reports when PUBLIC_BASE_URL is unset; the real port is known at listen()
  let localBaseUrl = `http://127.0.0.1:${config.port}`;
  const smsService = new SmsService({ db, clock, log: smsLog, get config() { return settings.smsConfig(); }, get communeName() { return settings.commune().name; }, gateway: smsGateway, localBaseUrl: () => localBaseUrl });
  const files = new FileService({ db, clock, bus, log: filesLog, procedures, counters, people: auth, sms: sms ?? smsService, smsReader: smsReader ?? smsService, smsOnReceived: smsOnReceived ?? sms === undefined, get communeName() { return settings.commune().name; } });
  smsService.useTruth(files);
  const attribution = new RatingAttribution(files.store, (counterId, at) => auth.staffOnDuty(counterId, at));
  const ratings = new RatingService(db, clock, bus, log.child({ module: 'ratings' }), (r) =>
    attribution.safeCredit(r, (err) => filesLog.error({ err, counterId: r.counterId }, 'crediting a rating failed; stored uncredited')),
    new RatingRollup(db),
  );
  const live = new LiveService(db, clock, devices);
  const requireAdmin = requireRole(auth, 'admin');
  const requireStaff = requireRole(auth, 'staff');
  const requireToken = requireApiToken(apiTokens);
  const httpLog = log.child({ module: 'http' });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  // A state-changing request from another site's page is refused outright (CSRF), on top of SameSite cookies:
  // Origin and Sec-Fetch-Site must both say "this site" (docs/decisions/0011-csrf-and-security-headers.md).
  app.use('/api', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && !sameSiteRequest(req, config.allowedOrigins)) {
      httpLog.warn({ origin: req.headers.origin, path: req.path, reason: 'forbidden-origin' }, 'cross-origin request refused');
      return sendFail(res, 'forbidden-origin');
    }
    next();
  });
  app.use(express.json({ limit: '16kb' }));
  app.use(jsonErrors(httpLog));
  app.use(['/api/admin', '/api/pair'], auditContext(audit));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, data: { status: 'ok', role: config.role, schemaVersion: schemaVersion(db), time: clock.now() } });
  });
  app.use(pairingRoutes(devices, log.child({ module: 'pairing' })));
  const authLog = log.child({ module: 'auth' });
  app.use(authRoutes(auth, apiTokens, counters, authLog));
  app.use(adminRoutes({ auth, live, db, clock, commune: settings.liveCommune, log: log.child({ module: 'admin' }) }));
  app.use(counterAdminRoutes(counters, devices, requireAdmin, log.child({ module: 'counters' })));
  app.use(deviceAdminRoutes(devices, requireAdmin, log.child({ module: 'devices' })));
  const proceduresLog = log.child({ module: 'procedures' });
  app.use(procedureAdminRoutes(procedures, requireAdmin, proceduresLog));
  app.use(procedureReadRoutes(procedures, requireStaff, proceduresLog));
  app.use(procedureApiRoutes(procedures, requireToken, proceduresLog));
  app.use(fileStaffRoutes(files, requireStaff, filesLog));
  app.use(fileApiRoutes(files, requireToken, filesLog));
  app.use(filePublicRoutes(files, filesLog));
  app.use(smsRoutes({ sms: smsService, requireAdmin, log: smsLog }));
  app.use(settingsRoutes(settings, requireAdmin, log.child({ module: 'settings' })));
  app.use(auditRoutes(audit, requireAdmin, log.child({ module: 'audit' })));
  settings.onChange((keys) => keys.some((k) => k.startsWith('sms.')) && smsService.refreshGateway());
  const upstreamLog = log.child({ module: 'upstream' });
  const upstream = new UpstreamService({
    db,
    clock,
    log: upstreamLog,
    settings: upstreamSettings ?? (() => { const u = settings.upstream(); return { url: u.url, secret: u.secret, sendAt: u.sendAt, commune: settings.commune() }; }),
    policy: { timeoutMs: config.upstream.requestTimeoutMs, backoff: config.upstream.retry, ...upstreamPolicy },
  });
  app.use(upstreamRoutes({ upstream, requireAdmin, log: upstreamLog }));
  const publicInfo = new PublicInfoService(db, clock, () => settings.commune().name);
  const publicInfoLog = log.child({ module: 'publicinfo' });
  app.use(publicInfoRoutes(publicInfo, counters, publicInfoLog));
  app.use(contactAdminRoutes(publicInfo, requireAdmin, publicInfoLog));
  const statsLog = log.child({ module: 'stats' });
  const stats = new StatsService(db, clock);
  const exportsService = new ExportService({ db, clock, log: statsLog.child({ part: 'exports' }), dataDir: config.dataDir, commune: () => settings.commune() });
  app.use(statsRoutes({ stats, requireAdmin, log: statsLog }));
  app.use(exportRoutes({ exports: exportsService, requireAdmin, log: statsLog }));
  const opsLog = log.child({ module: 'ops' });
  const alerts = new AlertService({
    db,
    clock,
    log: opsLog.child({ part: 'alerts' }),
    config: opsSettings?.alerts ?? (() => config.alerts),
    sms: sms ?? smsService,
    smsMessages: (q) => smsService.list(q),
    devices,
    counters,
    calendar: () => procedures.calendar(),
    upstream,
  });
  const retention = new RetentionService(db, clock, opsLog.child({ part: 'retention' }), opsSettings?.retention ?? (() => ({ ...config.retention, days: settings.retentionDays() })));
  const backups = new BackupService(db, config.dataDir, clock, opsLog.child({ part: 'backup' }), opsSettings?.backup ?? (() => config.backup));
  const display = new DisplayService(db, clock, () => settings.commune().name);
  app.use(alertRoutes(alerts, requireAdmin, opsLog));
  app.use(retentionRoutes(retention, requireAdmin, opsLog));
  app.use(backupRoutes(backups, requireAdmin, opsLog));
  app.use(displayRoutes(display, opsLog));
  app.use('/api', (_req, res) => sendFail(res, 'not-found'));
  app.use(uiRoutes(config.uiDir ?? DEFAULT_UI_DIR));

  const server = http.createServer(app);
  const io = new Server(server, {
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    allowRequest: (req, cb) => {
      if (originAllowed(req, config.allowedOrigins)) return cb(null, true);
      log.warn({ origin: req.headers.origin, reason: 'forbidden-origin' }, 'socket refused: unexpected Origin');
      cb('forbidden-origin', false);
    },
  });
  // the default namespace is not used; nothing may sit there unauthenticated
  io.of('/').use((_s, next) => next(Object.assign(new Error('not-found'), { data: { reason: 'not-found' } })));
  const deviceNsp = io.of('/device') as unknown as DeviceNamespace;
  attachDeviceNamespace(deviceNsp, devices, bus, log.child({ module: 'devices' }));
  attachRatingHandlers(deviceNsp, ratings, devices, log.child({ module: 'ratings' }));
  attachLiveNamespace(io.of('/live') as never, auth, live, bus);
  attachAlertsToLive(io.of('/live') as never, alerts);
  const displayNsp = attachDisplayNamespace(io.of('/display') as never, display, bus, clock, opsLog.child({ part: 'display' }));
  // a counter's satisfaction is checked after its ratings (once per burst), the other conditions by the alerts job
  const toCheck = new Set<string>();
  bus.on('rating:stored', (r) => {
    if (toCheck.size === 0) setImmediate(() => {
      try {
        if (db.open) for (const id of toCheck) alerts.checkCounter(id);
      } catch (err) {
        opsLog.error({ err }, 'counter alert check failed');
      }
      toCheck.clear();
    });
    toCheck.add(r.counterId);
  });

  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  smsService.start();
  upstream.start();

  let closing: Promise<void> | null = null;
  return {
    app,
    server,
    io,
    services: { counters, devices, ratings, live, auth, apiTokens, procedures, files, sms: smsService, upstream, alerts, retention, backups, display, settings, audit, exports: exportsService },
    bus,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address();
          const actual = typeof addr === 'object' && addr ? addr.port : port;
          const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
          localBaseUrl = `http://${h}:${actual}`;
          resolve(actual);
        });
      });
    },
    close() {
      closing ??= (async () => {
        // stop accepting, let ratings already in flight commit and be acknowledged, then hang up and close the file
        server.close();
        await ratings.close();
        await smsService.close();
        await exportsService.close();
        await upstream.close();
        displayNsp.close();
        await new Promise<void>((r) => io.close(() => r()));
        for (const s of sockets) s.destroy();
        if (db.open) db.close();
      })();
      return closing;
    },
  };
}
