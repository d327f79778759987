import { systemClock, type Clock, type DeviceConfig, type DeviceScale, type KeypadMap } from '@onestop/shared';
import type { AgentConfig } from './config.js';
import type { Logger } from './log.js';
import { Outbox } from './outbox.js';
import { Forwarder } from './forwarder.js';
import { InputLink } from './input-link.js';
import { KeypadSession } from './keypad-session.js';

export interface KeypadAgentOptions {
  config: AgentConfig;
  keypad: KeypadMap;
  outboxFile: string;
  /** the input device (or a glob, or a FIFO in tests) */
  input: string;
  log: Logger;
  clock?: Clock;
  onConfig?: (c: AgentConfig) => void;
}

/** The agent's composition root for a USB keypad: input device → keypad session → outbox → forwarder → hub. */
export function createKeypadAgent(o: KeypadAgentOptions) {
  const clock = o.clock ?? systemClock;
  let config = o.config;
  const outbox = new Outbox(o.outboxFile);

  let statusTimer: NodeJS.Timeout | null = null;
  const report = () => {
    if (statusTimer) return;
    // coalesce bursts of changes into one report
    statusTimer = setTimeout(() => {
      statusTimer = null;
      forwarder.sendStatus(session.status({ path: link.currentPath, open: link.isOpen }, outbox.pending()));
    }, 50);
  };

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
    // a keypad has no lights to invite a rating with
  });

  const session = new KeypadSession({
    keypad: o.keypad,
    outbox,
    clock,
    log: o.log.child({ module: 'keypad' }),
    scale: () => config.scale as DeviceScale,
    onQueued: () => {
      forwarder.kick();
      report();
    },
  });

  const link = new InputLink({ spec: o.input, log: o.log.child({ module: 'input' }), onEvent: (e) => session.event(e), onOpen: report, onLost: report });

  const ticker = setInterval(() => outbox.prune(clock.now()), 60_000);
  const periodic = setInterval(report, 30_000);

  return {
    outbox,
    session,
    link,
    forwarder,
    start() {
      link.start();
      forwarder.start();
    },
    async stop() {
      clearInterval(ticker);
      clearInterval(periodic);
      if (statusTimer) clearTimeout(statusTimer);
      link.stop();
      await forwarder.stop();
      outbox.close();
    },
  };
}
