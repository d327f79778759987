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
import { attachRatingHandlers } from './ratings/socket.js';
import { LiveService } from './live/service.js';
import { attachLiveNamespace } from './live/socket.js';
import { AdminAuth } from './admin/auth.js';
import { adminRoutes } from './admin/routes.js';
import { jsonErrors, sendFail } from './http/routes.js';
import { originAllowed } from './http/origin.js';
import { DEFAULT_UI_DIR, uiRoutes } from './http/static.js';

export interface HubDeps {
  config: HubConfig;
  db: Db;
  clock?: Clock;
  log?: Logger;
}

export interface Hub {
  app: express.Express;
  server: http.Server;
  io: Server;
  services: { counters: CounterService; devices: DeviceService; ratings: RatingService; live: LiveService; adminAuth: AdminAuth };
  bus: EventBus;
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** The composition root: builds the express app and socket.io server, listens only when asked. */
export function createHub({ config, db, clock = systemClock, log = createLogger({ level: config.logLevel }) }: HubDeps): Hub {
  const bus = new EventBus(log.child({ module: 'events' }));
  const counters = new CounterService(db, clock);
  const devices = new DeviceService(db, clock, bus);
  const ratings = new RatingService(db, clock, bus, log.child({ module: 'ratings' }));
  const live = new LiveService(db, clock, devices);
  const adminAuth = new AdminAuth(db, clock);
  const httpLog = log.child({ module: 'http' });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  // A state-changing request from another site's page is refused outright (CSRF), on top of SameSite cookies.
  app.use('/api', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && !originAllowed(req, config.allowedOrigins)) {
      httpLog.warn({ origin: req.headers.origin, path: req.path, reason: 'forbidden-origin' }, 'cross-origin request refused');
      return sendFail(res, 'forbidden-origin');
    }
    next();
  });
  app.use(express.json({ limit: '16kb' }));
  app.use(jsonErrors(httpLog));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, data: { status: 'ok', role: config.role, schemaVersion: schemaVersion(db), time: clock.now() } });
  });
  app.use(pairingRoutes(devices, log.child({ module: 'pairing' })));
  app.use(adminRoutes({ auth: adminAuth, live, db, clock, commune: config.commune, secureCookies: false, log: log.child({ module: 'admin' }) }));
  app.use(counterAdminRoutes(counters, devices, adminAuth.require(), log.child({ module: 'counters' })));
  app.use(deviceAdminRoutes(devices, adminAuth.require(), log.child({ module: 'devices' })));
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
  attachLiveNamespace(io.of('/live') as never, adminAuth, live, bus);

  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  let closing: Promise<void> | null = null;
  return {
    app,
    server,
    io,
    services: { counters, devices, ratings, live, adminAuth },
    bus,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      });
    },
    close() {
      closing ??= (async () => {
        // stop accepting, let ratings already in flight commit and be acknowledged, then hang up and close the file
        server.close();
        await ratings.close();
        await new Promise<void>((r) => io.close(() => r()));
        for (const s of sockets) s.destroy();
        if (db.open) db.close();
      })();
      return closing;
    },
  };
}
