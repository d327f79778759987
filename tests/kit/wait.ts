import type { EventBus, HubEvents } from '../../hub/src/events.js';

/**
 * A condition re-checked whenever the test says something changed (`notify()`), so a test waits on what it is
 * waiting for and never on a timer.
 */
export class Condition {
  private waiting: { test: () => boolean; resolve: () => void }[] = [];

  /** call after anything that may have made a condition true */
  notify(): void {
    this.waiting = this.waiting.filter((w) => {
      if (!w.test()) return true;
      w.resolve();
      return false;
    });
  }

  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ test, resolve }));
  }
}

/** The next event of this kind on the hub's bus that matches; listen before doing what causes it. */
export function nextEvent<K extends keyof HubEvents>(bus: EventBus, event: K, match: (payload: HubEvents[K]) => boolean = () => true): Promise<HubEvents[K]> {
  return new Promise((resolve) => {
    const off = bus.on(event, (payload) => {
      if (!match(payload)) return;
      off();
      resolve(payload);
    });
  });
}
