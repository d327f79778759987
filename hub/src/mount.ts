import type { RequestHandler, Router } from 'express';
import type { Namespace, Server } from 'socket.io';
import type { Clock } from '@onestop/shared';
import type { HubConfig } from './config/config.js';
import type { Db } from './db/open.js';
import type { Logger } from './log.js';
import type { Job } from './jobs/jobs.js';
import type { Services } from './services.js';

/** What a feature's mount gets: the services, the configuration, and the role checks its routes put in front. */
export interface MountContext {
  services: Services;
  config: HubConfig;
  db: Db;
  clock: Clock;
  log: Logger;
  guards: { admin: RequestHandler; staff: RequestHandler; token: RequestHandler };
  /** how often features' own timers look (tests shorten them): sessionCheckMs, for lapsed sessions on /live and /staff */
  timing: { sessionCheckMs?: number };
}

/** What a feature adds to the hub. The hub (app.ts) puts the parts in place and runs start/close in order. */
export interface Mounted {
  /** HTTP routes, under /api (the order between features does not matter: no two share a path) */
  routes?: Router[];
  /** socket.io namespaces and handlers */
  sockets?(io: Server): void;
  /** background jobs, started by the process that runs the hub (main.ts) */
  jobs?: Job[];
  /** timers and loops, started once the hub is built */
  start?(): void;
  /** stops what start began and drains what is in flight */
  close?(): Promise<void> | void;
}

export type Feature = (ctx: MountContext) => Mounted;

/**
 * A typed namespace. socket.io types a server with one set of events; each of our namespaces has its own, so the
 * one cast of the hub lives here rather than at every mount.
 */
export function namespace<Listen extends object, Emit extends object, Data = unknown>(io: Server, name: string): Namespace<Listen, Emit, Record<string, never>, Data> {
  return io.of(name) as unknown as Namespace<Listen, Emit, Record<string, never>, Data>;
}
