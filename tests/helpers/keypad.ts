import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { encodeInputEvent, type InputEvent } from '@onestop/shared';
import { addCounter, pairAgent, pairCode, startAgent, tmpDir, waitFor, type RunningHub } from './procs.js';

const run = promisify(execFile);

/**
 * The test's keypad: a FIFO (mkfifo) the agent opens as its input device, written with `struct input_event`
 * records in the 64-bit layout the kernel gives this process. Closing it is an unplugged keypad (the agent reads EOF).
 */
export class KeypadFifo {
  private fh: fs.promises.FileHandle | null = null;
  constructor(readonly path: string) {}
  static async make(dir: string): Promise<KeypadFifo> {
    const p = path.join(dir, 'keypad-event-kbd');
    await run('mkfifo', [p]);
    return new KeypadFifo(p);
  }
  /** Resolves once the agent has the FIFO open for reading (opening a FIFO's write end waits for a reader). */
  async plug(): Promise<void> {
    this.fh = await fs.promises.open(this.path, 'w');
  }
  async send(events: InputEvent[]): Promise<void> {
    if (!this.fh) throw new Error('keypad not plugged');
    await this.fh.write(Buffer.concat(events.map((e) => encodeInputEvent(e, 24))));
  }
  async unplug(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close();
  }
}

/** A counter whose agent runs `run --input` on a KeypadFifo; the keypad section is written into its config. */
export async function counterWithKeypad(hub: RunningHub, cleanups: (() => Promise<unknown>)[], opts: { buttons?: number; keypad: unknown }) {
  const dir = tmpDir('keypad-');
  const counterId = await addCounter(hub.dataDir, `Quầy ${path.basename(dir)}`, { buttons: opts.buttons ?? 4, minIntervalS: 0 });
  const config = path.join(dir, 'agent.json');
  await pairAgent(hub.url, await pairCode(hub.dataDir, counterId), config);
  fs.writeFileSync(config, JSON.stringify({ ...JSON.parse(fs.readFileSync(config, 'utf8')), keypad: opts.keypad }));
  const keypad = await KeypadFifo.make(dir);
  const outbox = path.join(dir, 'outbox.sqlite');
  const agent = startAgent(['--config', config, '--input', keypad.path, '--outbox', outbox]);
  cleanups.push(() => agent.stop());
  cleanups.push(() => keypad.unplug());
  await waitFor(() => {
    if (agent.proc.exitCode !== null) throw new Error(`agent exited (${agent.proc.exitCode}):\n${agent.output()}`);
    return /connected to hub/.test(agent.output());
  }, 'agent to reach the hub');
  await keypad.plug();
  await waitFor(() => /input device open/.test(agent.output()), 'agent to open the keypad');
  return { dir, counterId, config, outbox, agent, keypad };
}
