import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, waitFor } from './procs.js';

export const FIRMWARE_DIR = path.join(ROOT, 'counter-agent/firmware');

/** What the firmware and its emulation need, each with the Debian package that brings it. */
const NEEDS: { pkg: string; present: () => boolean }[] = [
  { pkg: 'make', present: () => onPath('make') },
  { pkg: 'gcc', present: () => onPath('cc') },
  { pkg: 'libc6-dev', present: () => fs.existsSync('/usr/include/pty.h') },
  { pkg: 'gcc-avr', present: () => onPath('avr-gcc') && onPath('avr-objcopy') && onPath('avr-size') },
  { pkg: 'avr-libc', present: () => fs.existsSync('/usr/lib/avr/include/avr/io.h') },
  { pkg: 'libsimavr-dev', present: () => fs.existsSync('/usr/include/simavr/sim_avr.h') },
  { pkg: 'simavr', present: () => onPath('simavr') },
];

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d && fs.existsSync(path.join(d, cmd)));
}

/**
 * Builds the firmware for a baud rate and the harness (make, under a lock: test files build in parallel).
 * Fails, never skips, when a system package is missing, naming it.
 */
export function buildFirmware(baud: number): { elf: string; sim: string } {
  const missing = NEEDS.filter((n) => !n.present()).map((n) => n.pkg);
  if (missing.length) {
    throw new Error(`the button box tests need the Debian packages ${missing.join(', ')}: run scripts/ensure-system-deps.sh (apt-get install ${missing.join(' ')})`);
  }
  const build = `build/baud-${baud}`;
  fs.mkdirSync(path.join(FIRMWARE_DIR, 'build'), { recursive: true });
  execFileSync('flock', [path.join(FIRMWARE_DIR, 'build/.lock'), 'make', '-s', '-C', FIRMWARE_DIR, `BUILD=${build}`, `BAUD=${baud}`, 'all', 'sim'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { elf: path.join(FIRMWARE_DIR, build, 'button-box.elf'), sim: path.join(FIRMWARE_DIR, build, 'box-sim') };
}

export interface SimEvent {
  /** simulated milliseconds since the chip started */
  t: number;
  kind: string;
  arg: string;
}

/**
 * The firmware running in box-sim (counter-agent/firmware/sim/box-sim.c): its UART on a pty linked at `link`, its
 * buttons pressed by commands, everything it does reported as events with their simulated time.
 */
export class BoxSim {
  readonly events: SimEvent[] = [];
  private out = '';
  private constructor(
    readonly proc: ChildProcess,
    readonly link: string,
  ) {}

  static async start(o: { baud: number; link: string }): Promise<BoxSim> {
    const { elf, sim } = buildFirmware(o.baud);
    const proc = spawn(sim, ['--elf', elf, '--baud', String(o.baud), '--link', o.link], { stdio: ['pipe', 'pipe', 'pipe'] });
    const box = new BoxSim(proc, o.link);
    let partial = '';
    proc.stdout!.on('data', (d: Buffer) => {
      partial += d.toString('latin1');
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        box.out += line + '\n';
        const m = /^(\d+\.\d+) (\S+) ?(.*)$/.exec(line);
        if (m) box.events.push({ t: Number(m[1]), kind: m[2]!, arg: m[3]! });
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (box.out += d.toString('latin1')));
    await box.waitEvent((e) => e.kind === 'ready', 'box-sim to start');
    return box;
  }

  /** stdout and stderr so far, for failure messages */
  output(): string {
    return this.out;
  }

  send(command: string): void {
    this.proc.stdin!.write(command + '\n');
  }

  press(button: number, opts: { bounce?: number; hold?: number } = {}): void {
    this.send(`press ${button} bounce ${opts.bounce ?? 0} hold ${opts.hold ?? 150}`);
  }

  /** bytes that reach the box as if the agent had written them */
  inject(text: string): void {
    this.send(`inject ${Buffer.from(text, 'latin1').toString('hex')}`);
  }

  /** the first event from index `from` that matches */
  async waitEvent(match: (e: SimEvent) => boolean, what: string, opts: { from?: number; timeoutMs?: number } = {}): Promise<SimEvent> {
    const from = opts.from ?? 0;
    try {
      return await waitFor(
        () => {
          if (this.proc.exitCode !== null) throw new Error(`box-sim exited (${this.proc.exitCode})`);
          return this.events.slice(from).find(match) ?? null;
        },
        what,
        opts.timeoutMs ?? 20_000,
        10,
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- box-sim said:\n${this.out.slice(-3000)}`);
    }
  }

  /** marks "now" in the event list: waits for the answer to a `time` command */
  async now(): Promise<number> {
    const from = this.events.length;
    this.send('time');
    await this.waitEvent((e) => e.kind === 'time', 'the simulated time', { from });
    return this.events.length;
  }

  lines(kind: 'tx' | 'rx', prefix: string, from = 0): SimEvent[] {
    return this.events.slice(from).filter((e) => e.kind === kind && e.arg.startsWith(prefix));
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (p.exitCode !== null || p.signalCode) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await exited;
    fs.rmSync(this.link, { force: true });
  }
}

