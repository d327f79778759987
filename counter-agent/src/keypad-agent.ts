import type { Clock, DeviceScale, KeypadMap } from '@onestop/shared';
import type { AgentConfig } from './config.js';
import type { Logger } from './log.js';
import { agentCore } from './core.js';
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
  // a keypad has no lights to invite a rating with: no onInvite
  const core = agentCore({ ...o, status: () => session.status({ path: link.currentPath, open: link.isOpen }, outbox.pending()) });
  const { clock, outbox, forwarder, report } = core;

  const session = new KeypadSession({
    keypad: o.keypad,
    outbox,
    clock,
    log: o.log.child({ module: 'keypad' }),
    scale: () => core.config().scale as DeviceScale,
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
      core.stopReports();
      link.stop();
      await forwarder.stop();
      outbox.close();
    },
  };
}
