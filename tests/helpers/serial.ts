import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { formatSentence, LineFramer, parseSentence, type Sentence } from '@onestop/shared';
import { waitFor } from './procs.js';

/** A linked pty pair made by socat: `box` is the button box's end (the test), `agent` the agent's end. */
export class PtyPair {
  private proc: ChildProcess | null = null;
  readonly box: string;
  readonly agent: string;
  constructor(dir: string) {
    this.box = path.join(dir, 'box');
    this.agent = path.join(dir, 'agent');
  }
  async start(): Promise<void> {
    this.proc = spawn('socat', [`pty,raw,echo=0,link=${this.box}`, `pty,raw,echo=0,link=${this.agent}`], { stdio: 'ignore' });
    await waitFor(() => fs.existsSync(this.box) && fs.existsSync(this.agent), 'socat ptys');
  }
  /** Pulls the cable: the agent's end disappears. */
  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    p.kill('SIGKILL');
    await new Promise((r) => p.once('exit', r));
    await waitFor(() => !fs.existsSync(this.agent), 'socat links removed').catch(() => {
      fs.rmSync(this.agent, { force: true });
      fs.rmSync(this.box, { force: true });
    });
  }
}

/** The test's button box: the real serialport package on the box end of the pty pair. */
export class TestBox {
  private port: SerialPort;
  private framer = new LineFramer();
  readonly received: Sentence[] = [];
  raw = '';
  constructor(path: string) {
    this.port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  }
  async open(): Promise<void> {
    await new Promise<void>((res, rej) => this.port.open((e) => (e ? rej(e) : res())));
    this.port.on('data', (b: Buffer) => {
      this.raw += b.toString('latin1');
      for (const ev of this.framer.push(new Uint8Array(b))) {
        if (ev.kind !== 'line') continue;
        const r = parseSentence(ev.line);
        if (r.ok) this.received.push(r.sentence);
      }
    });
    this.port.on('error', () => {});
  }
  write(text: string): Promise<void> {
    return new Promise((res, rej) => this.port.write(Buffer.from(text, 'latin1'), (e) => (e ? rej(e) : this.port.drain(() => res()))));
  }
  send(s: Sentence): Promise<void> {
    return this.write(formatSentence(s));
  }
  acks(seq: number): number {
    return this.received.filter((s) => s.type === 'ACK' && s.seq === seq).length;
  }
  waitAck(seq: number, n = 1): Promise<true> {
    return waitFor(() => this.acks(seq) >= n || null, `$ACK,${seq} (x${n})`, 15_000, 10) as Promise<true>;
  }
  async close(): Promise<void> {
    if (this.port.isOpen) await new Promise((r) => this.port.close(() => r(null)));
  }
}
