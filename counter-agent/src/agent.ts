import type { Clock } from '@onestop/shared';
import type { AgentConfig } from './config.js';
import type { Logger } from './log.js';
import { BoxSession } from './box.js';
import { SerialLink, type PortFactory } from './port.js';
import { agentCore } from './core.js';

export interface AgentOptions {
  config: AgentConfig;
  outboxFile: string;
  port: string;
  baudRate: number;
  mode: 'v1' | 'raw' | 'simulated';
  log: Logger;
  clock?: Clock;
  portFactory?: PortFactory;
  onConfig?: (c: AgentConfig) => void;
}

/** The counter agent's composition root: serial link → box session → outbox → forwarder → hub. */
export function createAgent(o: AgentOptions) {
  const link = new SerialLink(o.port, o.baudRate, o.log.child({ module: 'serial' }), o.portFactory);
  const core = agentCore({
    ...o,
    onInvite: (ms) => box.invite(ms),
    status: () => box.status({ path: link.currentPath, open: link.isOpen }, outbox.pending()),
  });
  const { clock, outbox, forwarder, report } = core;

  const box = new BoxSession({
    mode: o.mode,
    outbox,
    clock,
    log: o.log.child({ module: 'box' }),
    scale: () => core.config().scale as AgentConfig['scale'] & { buttons: 2 | 3 | 4 | 5; map: (1 | 2 | 3 | 4 | 5)[] },
    write: (t) => link.write(t),
    onQueued: () => {
      forwarder.kick();
      report();
    },
    onChange: report,
  });

  let whoTimer: NodeJS.Timeout | null = null;
  link.on('data', (b: Buffer) => box.receive(b));
  link.on('open', () => {
    report();
    // a box that did not greet us within 2 s is asked who it is
    const before = box.hello?.at ?? 0;
    whoTimer = setTimeout(() => {
      if ((box.hello?.at ?? 0) === before) box.ask();
    }, 2000);
  });
  link.on('lost', () => {
    box.portLost();
    report();
  });

  const ticker = setInterval(() => {
    box.tick();
    outbox.prune(clock.now());
  }, 5000);
  const periodic = setInterval(report, 30_000);

  return {
    outbox,
    box,
    link,
    forwarder,
    start() {
      link.start();
      forwarder.start();
    },
    async stop() {
      clearInterval(ticker);
      clearInterval(periodic);
      if (whoTimer) clearTimeout(whoTimer);
      box.stopInvite();
      core.stopReports();
      await link.stop();
      await forwarder.stop();
      outbox.close();
    },
  };
}
