import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { systemClock, type Clock } from '@onestop/shared';
import type { HubConfig } from '../config/config.js';
import type { Db } from '../db/open.js';
import { schemaVersion } from '../db/open.js';
import { createLogger, type Logger } from '../log.js';
import { EventBus } from '../events.js';
import { jsonErrors, sendFail } from '../http/routes.js';
import { DEFAULT_UI_DIR, uiDocument, uiFiles } from '../http/static.js';
import { hostAllowList, hostGuard } from '../http/hosts.js';
import { AuthService } from '../auth/service.js';
import type { PasswordHasher } from '../auth/passwords.js';
import { securityHeaders } from '../auth/headers.js';
import { sameSiteRequest } from '../auth/csrf.js';
import { CommuneService } from './communes.js';
import { IngestService } from './ingest.js';
import { ProvinceReports } from './report.js';
import { summaryFastPath, summaryRoutes } from './routes.js';
import { provinceRoutes } from './province-routes.js';
import { ReceiverStore } from './store.js';
import type { SecretBox } from '../atrest/secretBox.js';

export interface ReceiverDeps {
  config: HubConfig;
  db: Db;
  box: SecretBox;
  clock?: Clock;
  log?: Logger;
  /** how account passwords are hashed; none = scrypt at SCRYPT_PARAMS */
  passwords?: PasswordHasher;
}

export interface Receiver {
  app: express.Express;
  server: http.Server;
  services: { auth: AuthService; communes: CommuneService; ingest: IngestService; reports: ProvinceReports; store: ReceiverStore };
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** Serves the built kiosk-ui's province pages only (/province and below); "/" leads there. */
function provinceUi(uiDir: string) {
  const r = express.Router();
  r.get('/', (_req, res) => res.redirect(302, '/province'));
  r.use(uiFiles(uiDir));
  r.get(['/province', '/province/*path'], uiDocument(uiDir, 'index.html'));
  return r;
}

/**
 * The upstream role's composition root: receives daily summaries from many communes and serves the province's
 * pages. It has its own database and none of the commune hub's features (no devices, files, SMS or demo).
 */
export function createReceiver({ config, db, box, clock = systemClock, log = createLogger({ level: config.logLevel }), passwords }: ReceiverDeps): Receiver {
  const store = new ReceiverStore(db);
  const communes = new CommuneService(store, box, clock);
  const ingest = new IngestService(store, communes, clock, log.child({ module: 'receiver' }));
  const reports = new ProvinceReports(db);
  const auth = new AuthService(db, clock, new EventBus(log.child({ module: 'events' })), { get: () => undefined }, undefined, passwords);
  const httpLog = log.child({ module: 'http' });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, data: { status: 'ok', role: 'upstream', schemaVersion: schemaVersion(db), time: clock.now() } });
  });
  // machines: signed requests, their own body parser, limits and answers
  app.use(summaryRoutes(ingest, config.receiver, log.child({ module: 'receiver' })));
  // people: the province's pages (session cookie; state-changing requests must come from our own pages)
  app.use('/api', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && !sameSiteRequest(req, config.allowedOrigins)) {
      httpLog.warn({ origin: req.headers.origin, path: req.path, reason: 'forbidden-origin' }, 'cross-origin request refused');
      return sendFail(res, 'forbidden-origin');
    }
    next();
  });
  app.use('/api', express.json({ limit: '16kb' }));
  app.use(jsonErrors(httpLog));
  app.use(provinceRoutes({ auth, communes, reports, log: log.child({ module: 'province' }) }));
  app.use('/api', (_req, res) => sendFail(res, 'not-found'));
  app.use(provinceUi(config.uiDir ?? DEFAULT_UI_DIR));

  // the summaries door on node:http first (routes.ts summaryFastPath); everything else through express
  const fast = summaryFastPath(ingest, config.receiver, log.child({ module: 'receiver' }));
  // DNS rebinding: the province's pages answer only to the names this machine is known by (hub/src/http/hosts.ts).
  // The communes' door (/api/v1: summaries, ping) is not held to it: communes reach it by the province's public name,
  // often through a proxy, and each request is signed with its commune's secret, which a rebinding page lacks.
  const hosts = hostGuard(hostAllowList({ extra: config.allowedHosts, publicUrls: [config.sms.publicBaseUrl] }), httpLog);
  const server = http.createServer((req, res) => {
    if (fast(req, res)) return;
    if (req.url?.startsWith('/api/v1/')) return void app(req, res);
    hosts(req, res, () => app(req, res));
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  let closing: Promise<void> | null = null;
  return {
    app,
    server,
    services: { auth, communes, ingest, reports, store },
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
        // stop accepting; requests in flight finish (each is one synchronous transaction), idle keep-alives are closed
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeIdleConnections();
          setTimeout(() => {
            for (const s of sockets) s.destroy();
          }, 2000).unref();
        });
        if (db.open) db.close();
      })();
      return closing;
    },
  };
}
