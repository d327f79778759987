import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { addCounter, pairAgent, pairCode, startAgent, startHub, tmpDir, waitFor, type RunningHub, type RunningProc } from './procs.js';
import { BoxSim } from './box-sim.js';
import { hubRows } from './db.js';

/**
 * A counter whose button box is the real firmware in box-sim, with the real agent process on the box's pty and the
 * real hub behind it. `stopAgent`/`startAgent` stop the agent (SIGTERM) and start it again on the same config and
 * outbox; unlike the first start, a restart does not reset the box (as with a USB adapter without DTR reset).
 */
export async function counterWithBoxSim(hub: RunningHub, cleanups: (() => Promise<unknown>)[], opts: { buttons?: number; baud?: number } = {}) {
  const baud = opts.baud ?? 9600;
  const dir = tmpDir('box-');
  const counterId = await addCounter(hub.dataDir, `Quầy ${path.basename(dir)}`, { buttons: opts.buttons ?? 4, minIntervalS: 0 });
  const config = path.join(dir, 'agent.json');
  await pairAgent(hub.url, await pairCode(hub.dataDir, counterId), config);
  const sim = await BoxSim.start({ baud, link: path.join(dir, 'box-tty') });
  cleanups.push(() => sim.stop());
  const outbox = path.join(dir, 'outbox.sqlite');
  const agentArgs = ['--config', config, '--port', sim.link, '--outbox', outbox, '--baud', String(baud)];
  let agent: RunningProc = startAgent(agentArgs);
  cleanups.push(() => agent.stop());
  const opened = async (a: RunningProc) => {
    await waitFor(() => /serial port open/.test(a.output()), 'agent to open the port');
    await waitFor(() => /connected to hub/.test(a.output()), 'agent to reach the hub');
  };
  await opened(agent);
  // opening a Nano's port pulses DTR, which resets the chip: it greets the agent that just opened it
  const from = sim.events.length;
  sim.send('reset');
  await sim.waitEvent((e) => e.kind === 'tx' && e.arg.startsWith('$BEAT,'), 'the box to greet after its reset', { from });
  await waitFor(() => /box said hello/.test(agent.output()), 'the agent to hear the box');
  const ratings = () =>
    hubRows<{ id: string; score: number; button: number; box_serial: string; box_seq: number }>(
      hub.dataDir,
      'SELECT id, score, button, box_serial, box_seq FROM ratings WHERE counter_id = ? ORDER BY box_seq, rated_at',
      counterId,
    );
  return {
    dir,
    outbox,
    counterId,
    sim,
    ratings,
    agent: () => agent,
    async stopAgent() {
      await agent.stop();
    },
    async startAgent() {
      agent = startAgent(agentArgs);
      await opened(agent);
    },
  };
}

/**
 * One real hub for a test file, and the counters with a simulated box that each test makes (their agents and
 * harnesses stopped after the test). Call at the top of a file: `const box = boxHubForFile();` then `box.counter(…)`.
 */
export function boxHubForFile() {
  let hub: RunningHub;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  });
  return { counter: (opts: { buttons?: number; baud?: number } = {}) => counterWithBoxSim(hub, cleanups, opts) };
}
