import http from 'node:http';
import type net from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { MAX_SOCKET_MESSAGE_BYTES, systemClock } from '@onestop/shared';
import { schemaVersion } from './db/open.js';
import { createLogger } from './log.js';
import { jsonErrors, sendFail } from './http/routes.js';
import { originAllowed } from './http/origin.js';
import { answerUnknownEvents } from './http/ack.js';
import { hostAllowList, hostGuard } from './http/hosts.js';
import { DEFAULT_UI_DIR, uiRoutes } from './http/static.js';
import { requireApiToken, requireRole } from './auth/http.js';
import { securityHeaders } from './auth/headers.js';
import { sameSiteRequest } from './auth/csrf.js';
import { auditContext } from './audit/hook.js';
import type { Job } from './jobs/jobs.js';
import { buildServices, type ServiceDeps, type Services } from './services.js';
import type { Feature, MountContext, Mounted } from './mount.js';
import { devicesFeature } from './devices/mount.js';
import { ratingsFeature } from './ratings/mount.js';
import { authFeature } from './auth/mount.js';
import { adminFeature } from './admin/mount.js';
import { countersFeature } from './counters/mount.js';
import { proceduresFeature } from './procedures/mount.js';
import { filesFeature } from './files/mount.js';
import { smsFeature } from './sms/mount.js';
import { settingsFeature } from './settings/mount.js';
import { auditFeature } from './audit/mount.js';
import { upstreamFeature } from './upstream/mount.js';
import { publicInfoFeature } from './publicinfo/mount.js';
import { statsFeature } from './stats/mount.js';
import { exportsFeature } from './exports/mount.js';
import { liveFeature } from './live/mount.js';
import { alertsFeature } from './alerts/mount.js';
import { retentionFeature } from './retention/mount.js';
import { backupFeature } from './backup/mount.js';
import { displayFeature } from './display/mount.js';
import { znsFeature } from './zns/mount.js';
import { setupFeature } from './setup/mount.js';

export type HubDeps = Omit<ServiceDeps, 'localBaseUrl'> & {
  /** how often the features' own timers look (tests shorten them); none = each feature's default */
  timing?: MountContext['timing'];
};

export interface Hub {
  app: express.Express;
  server: http.Server;
  io: Server;
  services: Services;
  bus: Services['bus'];
  /** every feature's background jobs; the process that runs the hub starts them (main.ts) */
  jobs: Job[];
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * The commune hub's features, in the order they start. Closing runs in this order too: ratings first (let what is
 * in flight commit and be acknowledged), then the outboxes and exports, then the screens.
 */
const FEATURES: Feature[] = [
  devicesFeature,
  ratingsFeature,
  authFeature,
  adminFeature,
  countersFeature,
  proceduresFeature,
  filesFeature,
  smsFeature,
  znsFeature,
  settingsFeature,
  auditFeature,
  upstreamFeature,
  publicInfoFeature,
  statsFeature,
  exportsFeature,
  liveFeature,
  alertsFeature,
  retentionFeature,
  backupFeature,
  displayFeature,
  setupFeature,
];

/**
 * The composition root: builds the services (services.ts), the express app and socket.io server with what every
 * request goes through, and mounts each feature (its routes, namespaces, jobs). Listens only when asked.
 */
export function createHub(deps: HubDeps): Hub {
  const { config, db, clock = systemClock } = deps;
  const log = deps.log ?? createLogger({ level: config.logLevel });
  // Kannel reaches the hub here for delivery reports when PUBLIC_BASE_URL is unset; the real port is known at listen()
  let localBaseUrl = `http://127.0.0.1:${config.port}`;
  const services = buildServices({ ...deps, clock, log, localBaseUrl: () => localBaseUrl });
  const { auth, apiTokens, audit } = services;
  const httpLog = log.child({ module: 'http' });
  const ctx: MountContext = {
    services,
    config,
    db,
    clock,
    log,
    guards: { admin: requireRole(auth, 'admin'), staff: requireRole(auth, 'staff'), token: requireApiToken(apiTokens) },
    timing: deps.timing ?? {},
  };
  const mounted: Mounted[] = FEATURES.map((f) => f(ctx));

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // DNS rebinding: only the names this hub is known by, before anything else (hub/src/http/hosts.ts)
  const hosts = hostAllowList({ extra: config.allowedHosts, publicUrls: [config.sms.publicBaseUrl] });
  httpLog.info({ hosts: hosts.names() }, 'answering to these host names; any other Host gets 421 host-not-allowed');
  app.use(hostGuard(hosts, httpLog));
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
  // the raw bytes are kept beside the parsed body: a webhook's signature is over what was sent (zns/routes.ts)
  app.use(express.json({ limit: '16kb', verify: (req, _res, buf) => ((req as { rawBody?: Buffer }).rawBody = buf) }));
  app.use(jsonErrors(httpLog));
  app.use(['/api/admin', '/api/pair', '/api/v1'], auditContext(audit));
  app.get('/healthz', (_req, res) => {
    // readable from any page: the screens' start page (a file on the screen's disk, origin "null") waits on it
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.json({ ok: true, data: { status: 'ok', role: config.role, schemaVersion: schemaVersion(db), time: clock.now() } });
  });
  for (const m of mounted) for (const r of m.routes ?? []) app.use(r);
  app.use('/api', (_req, res) => sendFail(res, 'not-found'));
  app.use(uiRoutes(config.uiDir ?? DEFAULT_UI_DIR));

  const server = http.createServer(app);
  const io = new Server(server, {
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    allowRequest: (req, cb) => {
      if (!hosts.allows(req)) {
        log.warn({ host: req.headers.host, origin: req.headers.origin, reason: 'host-not-allowed' }, 'socket refused: unknown Host (DNS rebinding?)');
        return cb('host-not-allowed', false);
      }
      if (originAllowed(req, config.allowedOrigins)) return cb(null, true);
      log.warn({ origin: req.headers.origin, reason: 'forbidden-origin' }, 'socket refused: unexpected Origin');
      cb('forbidden-origin', false);
    },
  });
  // on every namespace, an event no handler listens to is refused and answered, never left to time out (http/ack.ts)
  const socketLog = log.child({ module: 'sockets' });
  io.on('new_namespace', (nsp) => nsp.on('connection', (s) => answerUnknownEvents(s, socketLog)));
  // the default namespace is not used; nothing may sit there unauthenticated
  io.of('/').use((_s, next) => next(Object.assign(new Error('not-found'), { data: { reason: 'not-found' } })));
  for (const m of mounted) m.sockets?.(io);

  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  for (const m of mounted) m.start?.();

  let closing: Promise<void> | null = null;
  return {
    app,
    server,
    io,
    services,
    bus: services.bus,
    jobs: mounted.flatMap((m) => m.jobs ?? []),
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
        for (const m of mounted) await m.close?.();
        await new Promise<void>((r) => io.close(() => r()));
        for (const s of sockets) s.destroy();
        // the devices' last-seen times of the disconnections just made (written once per turn: devices/service.ts)
        if (db.open) services.devices.writeSeen();
        if (db.open) db.close();
      })();
      return closing;
    },
  };
}
