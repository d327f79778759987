import { SerialPortMock } from 'serialport';
import { formatSentence, LineFramer, parseSentence } from '@onestop/shared';
import type { PortFactory, PortLike } from './port.js';

/**
 * A button box's firmware, in software: what a real box does by the serial v1 contract. $HELLO at power-on and on
 * $WHO (then at once $BEAT), $BEAT every 10 s, $PRESS with a sequence number, resent after 1 s without $ACK, at
 * most 3 times. Used by the demo (`--simulate`); the real firmware, which also keeps presses beyond three tries, is in
 * counter-agent/firmware/.
 */
export class SimulatedBox {
  private seq = 0;
  private readonly framer = new LineFramer();
  private readonly pending = new Map<number, { tries: number; timer: NodeJS.Timeout }>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly started = Date.now();
  acked = 0;

  constructor(
    private readonly send: (line: string) => void,
    readonly opts: { serial: string; firmware: string; buttons: number },
  ) {}

  powerOn(): void {
    this.seq = 0;
    this.send(formatSentence({ type: 'HELLO', serial: this.opts.serial, firmware: this.opts.firmware, buttons: this.opts.buttons }));
    const beat = setInterval(() => this.send(formatSentence({ type: 'BEAT', uptimeS: Math.floor((Date.now() - this.started) / 1000) })), 10_000);
    beat.unref();
    this.timers.push(beat);
  }

  press(button: number): number {
    const seq = this.seq;
    this.seq = (this.seq + 1) % 65536;
    const line = formatSentence({ type: 'PRESS', seq, button });
    const attempt = (tries: number) => {
      this.send(line);
      const timer = setTimeout(() => {
        if (!this.pending.has(seq)) return;
        if (tries < 3) attempt(tries + 1);
        else this.pending.delete(seq);
      }, 1000);
      this.pending.set(seq, { tries, timer });
    };
    attempt(0);
    return seq;
  }

  /** Bytes from the agent. */
  receive(chunk: Buffer | string): void {
    for (const ev of this.framer.push(typeof chunk === 'string' ? chunk : new Uint8Array(chunk))) {
      if (ev.kind !== 'line') continue;
      const r = parseSentence(ev.line);
      if (!r.ok) continue;
      const s = r.sentence;
      if (s.type === 'ACK') {
        const p = this.pending.get(s.seq);
        if (p) {
          clearTimeout(p.timer);
          this.pending.delete(s.seq);
          this.acked++;
        }
      } else if (s.type === 'WHO') {
        // $HELLO then at once $BEAT: the uptime tells the agent this box did not restart ("Keeping presses")
        this.send(formatSentence({ type: 'HELLO', serial: this.opts.serial, firmware: this.opts.firmware, buttons: this.opts.buttons }));
        this.send(formatSentence({ type: 'BEAT', uptimeS: Math.floor((Date.now() - this.started) / 1000) }));
      }
    }
  }

  /** Presses now and then, mostly satisfied, the way a quiet commune morning looks. */
  autoPress(meanIntervalMs: number): void {
    const next = () => {
      const t = setTimeout(() => {
        const r = Math.random();
        const b = this.opts.buttons;
        const button = r < 0.55 ? 1 : r < 0.85 ? Math.min(2, b) : 1 + Math.floor(Math.random() * b);
        this.press(button);
        next();
      }, meanIntervalMs * (0.3 + Math.random() * 1.4));
      t.unref();
      this.timers.push(t);
    };
    next();
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    for (const p of this.pending.values()) clearTimeout(p.timer);
  }
}

/** A port factory whose port is wired to a SimulatedBox instead of hardware (serialport's mock binding). */
export function simulatedPortFactory(opts: { serial: string; buttons: number; meanIntervalMs: number }): { factory: PortFactory; box: () => SimulatedBox | null } {
  let box: SimulatedBox | null = null;
  const factory: PortFactory = (p, baudRate) => {
    SerialPortMock.binding.createPort(p, { echo: false, record: false });
    const port = new SerialPortMock({ path: p, baudRate, autoOpen: false });
    const open = port.open.bind(port);
    (port as unknown as PortLike).open = (cb) =>
      open((err) => {
        if (!err) {
          const binding = port.port as unknown as { emitData(d: string): void; write(b: Buffer): Promise<void> };
          const write = binding.write.bind(binding);
          box?.stop();
          box = new SimulatedBox((line) => setTimeout(() => binding.emitData(line), 2), { serial: opts.serial, firmware: 'sim-1.0', buttons: opts.buttons });
          const b = box;
          binding.write = async (buf: Buffer) => {
            await write(buf);
            b.receive(buf);
          };
          b.powerOn();
          b.autoPress(opts.meanIntervalMs);
        }
        cb(err ?? null);
      });
    return port as unknown as PortLike;
  };
  return { factory, box: () => box };
}
