import fs from 'node:fs';
import path from 'node:path';
import { addCounter, pairAgent, pairCode, startAgent, tmpDir, waitFor, type RunningHub } from './procs.js';
import { PtyPair, TestBox } from './serial.js';

/**
 * A counter with a real agent process on one end of a socat pty pair and a TestBox on the other:
 * counter created and code issued by the hub CLI, agent paired by its CLI. Everything it starts is pushed on `cleanups`.
 */
export async function counterWithAgent(
  hub: RunningHub,
  cleanups: (() => Promise<unknown>)[],
  opts: { name?: string; buttons?: number; minIntervalS?: number; mode?: 'v1' | 'raw' } = {},
) {
  const dir = tmpDir('counter-');
  const counterId = await addCounter(hub.dataDir, opts.name ?? `Quầy ${path.basename(dir)}`, { buttons: opts.buttons ?? 4, minIntervalS: opts.minIntervalS ?? 0 });
  const config = path.join(dir, 'agent.json');
  await pairAgent(hub.url, await pairCode(hub.dataDir, counterId), config);
  const pty = new PtyPair(dir);
  await pty.start();
  cleanups.push(() => pty.stop());
  const outbox = path.join(dir, 'outbox.sqlite');
  const agent = startAgent(['--config', config, '--port', pty.agent, '--outbox', outbox, '--mode', opts.mode ?? 'v1']);
  cleanups.push(() => agent.stop());
  const box = new TestBox(pty.box);
  await box.open();
  cleanups.push(() => box.close());
  const deviceId = (JSON.parse(fs.readFileSync(config, 'utf8')) as { deviceId: string }).deviceId;
  await waitFor(() => /serial port open/.test(agent.output()), 'agent to open the port');
  await waitFor(() => /connected to hub/.test(agent.output()), 'agent to reach the hub');
  return { dir, counterId, deviceId, config, outbox, pty, agent, box };
}
