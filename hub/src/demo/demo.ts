import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { HubConfig } from '../config/config.js';
import { APP_ROOT } from '../paths.js';
import type { Services } from '../services.js';
import type { Logger } from '../log.js';

/** The agent's command, started as its own process: the demo runs the real agent, only the button box is simulated. */
const AGENT_BIN = path.join(APP_ROOT, 'counter-agent', 'bin', 'counter-agent.mjs');

const DEMO_COUNTERS = [
  { name: 'Quầy 1 - Tư pháp, hộ tịch', buttons: 4, minIntervalS: 3 },
  { name: 'Quầy 2 - Đất đai, xây dựng', buttons: 5, minIntervalS: 3 },
  { name: 'Quầy 3 - Lao động, thương binh, xã hội', buttons: 3, minIntervalS: 3 },
];

/**
 * Demo content for a newcomer: three counters, and a simulated button box behind a real counter agent on the first,
 * pressing now and then. Idempotent: restarting reuses what exists.
 */
export async function startDemo({ services, config, port, log }: { services: Pick<Services, 'counters' | 'devices' | 'procedures'>; config: HubConfig; port: number; log: Logger }) {
  const { counters, devices, procedures } = services;
  for (const c of DEMO_COUNTERS) if (!counters.list().some((x) => x.name === c.name)) counters.create(c);
  // common commune procedures and Vietnam's days off (procedures/demo-data.ts); an admin's edits are kept
  procedures.seedDemo();
  const first = counters.list().find((c) => c.name === DEMO_COUNTERS[0]!.name)!;
  const agentConfig = path.join(config.dataDir, 'demo-agent.json');
  const hubUrl = `http://127.0.0.1:${port}`;
  let cfg: Record<string, unknown> | null = null;
  if (fs.existsSync(agentConfig)) {
    cfg = JSON.parse(fs.readFileSync(agentConfig, 'utf8')) as Record<string, unknown>;
    const d = devices.get(String(cfg.deviceId));
    if (!d || d.revoked) cfg = null;
  }
  if (!cfg) {
    const { code } = devices.createPairingCode(first.id);
    const paired = devices.pair({ code, kind: 'agent', label: 'Hộp nút mô phỏng (demo)' });
    cfg = { hubUrl, token: paired.token, deviceId: paired.deviceId, counter: paired.counter, scale: paired.scale };
  }
  cfg.hubUrl = hubUrl;
  fs.writeFileSync(agentConfig, JSON.stringify(cfg, null, 2), { mode: 0o600 });

  let child: ChildProcess | null = null;
  let stopped = false;
  const launch = () => {
    child = spawn(AGENT_BIN, ['run', '--config', agentConfig, '--simulate', '--outbox', path.join(config.dataDir, 'demo-agent-outbox.sqlite')], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, LOG_LEVEL: process.env.DEMO_AGENT_LOG_LEVEL ?? 'warn' },
    });
    child.on('exit', (code) => {
      if (!stopped) {
        log.warn({ code }, 'simulated counter agent exited; restarting in 5 s');
        setTimeout(launch, 5000).unref();
      }
    });
  };
  launch();
  log.info({ counter: first.name }, 'simulated counter started');
  return {
    counterName: first.name,
    async stop() {
      stopped = true;
      const c = child as ChildProcess | null;
      if (c && c.exitCode === null) {
        c.kill('SIGTERM');
        await new Promise((r) => c.once('exit', r));
      }
    },
  };
}
