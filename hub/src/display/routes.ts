import { Router } from 'express';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import type { DisplayService } from './service.js';

/** GET /api/display: the same public aggregates as the /display socket (a first paint, or a screen without WebSocket). */
export function displayRoutes(display: DisplayService, log: Logger): Router {
  const r = Router();
  r.get('/api/display', handle(log, () => display.current()));
  return r;
}
