import { systemClock, type BoxStatus, type Clock, type DeviceConfig } from '@onestop/shared';
import type { AgentConfig } from './config.js';
import type { Logger } from './log.js';
import { Outbox } from './outbox.js';
import { Forwarder } from './forwarder.js';

/**
 * What every agent has whatever its input (a serial box, a USB keypad): the durable outbox, the forwarder to the
 * hub, the device config as the hub last sent it, and status reports coalesced so a burst of changes is one report.
 */
export function agentCore(o: {
  config: AgentConfig;
  outboxFile: string;
  log: Logger;
  clock?: Clock;
  onConfig?: (c: AgentConfig) => void;
  onInvite?: (ms: number) => void;
  /** the status to report now (the input's state and the outbox's backlog) */
  status: () => BoxStatus;
}) {
  const clock = o.clock ?? systemClock;
  let config = o.config;
  const outbox = new Outbox(o.outboxFile);
  let statusTimer: NodeJS.Timeout | null = null;
  const forwarder = new Forwarder({
    hubUrl: config.hubUrl,
    token: config.token,
    outbox,
    clock,
    log: o.log.child({ module: 'forwarder' }),
    onConfig: (c: DeviceConfig) => {
      config = { ...config, counter: c.counter, scale: c.scale, minIntervalS: c.minIntervalS };
      o.onConfig?.(config);
    },
    onInvite: o.onInvite,
  });
  return {
    clock,
    outbox,
    forwarder,
    config: () => config,
    report() {
      if (statusTimer) return;
      statusTimer = setTimeout(() => {
        statusTimer = null;
        forwarder.sendStatus(o.status());
      }, 50);
    },
    stopReports() {
      if (statusTimer) clearTimeout(statusTimer);
    },
  };
}
