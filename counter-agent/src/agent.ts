import { systemClock, type Clock, type DeviceConfig } from '@onestop/shared';
import type { AgentConfig } from './config.js';
import type { Logger } from './log.js';
import { Outbox } from './outbox.js';
import { BoxSession } from './box.js';
import { SerialLink, type PortFactory } from './port.js';
import { Forwarder } from './forwarder.js';

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
  const clock = o.clock ?? systemClock;
  let config = o.config;
  const outbox = new Outbox(o.outboxFile);
  const link = new SerialLink(o.port, o.baudRate, o.log.child({ module: 'serial' }), o.portFactory);

  let statusTimer: NodeJS.Timeout | null = null;
  const report = () => {
    if (statusTimer) return;
    // coalesce bursts of changes into one report
    statusTimer = setTimeout(() => {
      statusTimer = null;
      forwarder.sendStatus(box.status({ path: link.currentPath, open: link.isOpen }, outbox.pending()));
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
    onInvite: (ms) => box.invite(ms),
  });

  const box = new BoxSession({
    mode: o.mode,
    outbox,
    clock,
    log: o.log.child({ module: 'box' }),
    scale: () => config.scale as AgentConfig['scale'] & { buttons: 2 | 3 | 4 | 5; map: (1 | 2 | 3 | 4 | 5)[] },
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
      if (statusTimer) clearTimeout(statusTimer);
      await link.stop();
      await forwarder.stop();
      outbox.close();
    },
  };
}
