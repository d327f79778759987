import type { Namespace } from 'socket.io';
import { localDay, type Clock, type HubToDisplay } from '@onestop/shared';
import type { EventBus } from '../events.js';
import type { Logger } from '../log.js';
import type { DisplayService } from './service.js';

export type { HubToDisplay } from '@onestop/shared';

/**
 * /display: deliberately public (docs/decisions/0040-public-display-namespace.md). It carries only today's
 * aggregates, accepts no event from clients, and is Origin-checked like every socket (the server's allowRequest).
 * Figures go out on connect, then at most once per `throttleMs` after a rating or a file handed back, and every
 * half minute while a screen is connected (files received send no event; the day turns).
 * They are computed once per broadcast, not per screen.
 */
export function attachDisplayNamespace(
  nsp: Namespace<Record<string, never>, HubToDisplay>,
  display: DisplayService,
  bus: EventBus,
  clock: Clock,
  log: Logger,
  opts: { throttleMs?: number; dayCheckMs?: number } = {},
): { close(): void } {
  const throttleMs = opts.throttleMs ?? 1000;
  let timer: NodeJS.Timeout | null = null;
  let lastAt = -Infinity; // the first change is broadcast at once
  let day = localDay(clock.now());

  const broadcast = () => {
    timer = null;
    lastAt = performance.now(); // pacing of the broadcasts (monotonic), not a date: the figures use the injected clock
    if (nsp.sockets.size === 0) return;
    try {
      display.invalidate();
      const f = display.current();
      day = f.day;
      nsp.emit('display:figures', f);
    } catch (err) {
      log.error({ err }, 'display figures failed');
    }
  };
  const soon = () => {
    display.invalidate();
    if (timer) return;
    timer = setTimeout(broadcast, Math.max(0, lastAt + throttleMs - performance.now()));
  };

  nsp.on('connection', (socket) => {
    // nothing a screen sends is listened to; any event from it is dropped (answered not-found if it asks for an ack: app.ts)
    socket.onAny(() => undefined);
    try {
      socket.emit('display:figures', display.current());
    } catch (err) {
      log.error({ err }, 'display figures failed');
    }
  });
  const offs = [bus.on('rating:stored', soon), bus.on('file:returned', soon)];
  // a refresh every half minute catches what sends no event (a file received) and the turn of the day
  const dayTimer = setInterval(() => {
    if (nsp.sockets.size > 0 || localDay(clock.now()) !== day) soon();
  }, opts.dayCheckMs ?? 30_000);
  dayTimer.unref();
  return {
    close() {
      for (const off of offs) off();
      clearInterval(dayTimer);
      if (timer) clearTimeout(timer);
    },
  };
}
