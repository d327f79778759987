import { SerialPort } from 'serialport';
import { formatSentence, LineFramer, parseCfg, parseSentence, type Sentence } from '@onestop/shared';
import { waitFor } from './procs.js';

/**
 * A button box that follows a script, on the box end of a socat pty (the real serialport package): it answers `$WHO`
 * with `$HELLO` then `$BEAT`, takes a valid `$CFG` (unless told to ignore it) and answers with the new `$HELLO` and a
 * `$BEAT`, and records what the agent or the probe sent it. Presses are sent when the test says.
 */
export class ScriptedBox {
  private readonly port: SerialPort;
  private readonly framer = new LineFramer();
  private seq = 0;
  private readonly started = Date.now();
  readonly received: Sentence[] = [];
  readonly cfgs: { serial: string; buttons: number }[] = [];

  constructor(
    path: string,
    public identity: { serial: string; firmware: string; buttons: number },
    private readonly behaviour: { answerWho?: boolean; takeCfg?: boolean } = {},
  ) {
    this.port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  }

  async open(): Promise<void> {
    await new Promise<void>((res, rej) => this.port.open((e) => (e ? rej(e) : res())));
    this.port.on('error', () => {});
    this.port.on('data', (b: Buffer) => {
      for (const ev of this.framer.push(new Uint8Array(b))) {
        if (ev.kind !== 'line') continue;
        const cfg = parseCfg(ev.line);
        if (cfg) {
          this.cfgs.push(cfg);
          if (this.behaviour.takeCfg !== false) {
            this.identity = { ...this.identity, ...cfg };
            this.hello();
          }
          continue;
        }
        const r = parseSentence(ev.line);
        if (!r.ok) continue;
        this.received.push(r.sentence);
        if (r.sentence.type === 'WHO' && this.behaviour.answerWho !== false) this.hello();
      }
    });
  }

  private hello(): void {
    this.send({ type: 'HELLO', ...this.identity });
    this.send({ type: 'BEAT', uptimeS: Math.floor((Date.now() - this.started) / 1000) });
  }

  send(s: Sentence): void {
    this.port.write(formatSentence(s));
  }

  /** A new press: the next seq. Returns the seq. */
  press(button: number): number {
    const seq = this.seq++;
    this.send({ type: 'PRESS', seq, button });
    return seq;
  }

  acks(seq: number): number {
    return this.received.filter((s) => s.type === 'ACK' && s.seq === seq).length;
  }

  waitAck(seq: number, n = 1): Promise<true> {
    return waitFor(() => this.acks(seq) >= n || null, `$ACK,${seq} (x${n})`, 15_000, 10) as Promise<true>;
  }

  leds(): number[] {
    return this.received.flatMap((s) => (s.type === 'LED' ? [s.button] : []));
  }

  async close(): Promise<void> {
    if (this.port.isOpen) await new Promise((r) => this.port.close(() => r(null)));
  }
}
