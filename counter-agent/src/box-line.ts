import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { formatSentence, LineFramer, parseSentence, type Sentence } from '@onestop/shared';

/**
 * A serial line to one box for the installer's tools (`ports`, `probe`): no outbox, no hub. Emits 'sentence' for each
 * valid v1 line and 'dropped' (reason) for each line that is not; 'closed' when the port goes away.
 */
export class BoxLine extends EventEmitter {
  private readonly port: SerialPort;
  private readonly framer = new LineFramer();

  constructor(
    readonly path: string,
    baudRate: number,
  ) {
    super();
    this.port = new SerialPort({ path, baudRate, autoOpen: false });
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.port.open((err) => {
        if (err) return reject(err);
        this.port.on('data', (b: Buffer) => {
          for (const ev of this.framer.push(new Uint8Array(b))) {
            if (ev.kind === 'dropped') {
              this.emit('dropped', ev.reason);
              continue;
            }
            const r = parseSentence(ev.line);
            if (r.ok) this.emit('sentence', r.sentence);
            else this.emit('dropped', r.reason);
          }
        });
        this.port.on('error', () => {});
        this.port.on('close', () => this.emit('closed'));
        resolve();
      }),
    );
  }

  send(s: Sentence): void {
    this.write(formatSentence(s));
  }

  write(text: string): void {
    if (this.port.isOpen) this.port.write(text);
  }

  /** Resolves with the first sentence `pick` accepts, or null after `ms`. */
  waitFor<T>(pick: (s: Sentence) => T | null | undefined, ms: number): Promise<T | null> {
    return new Promise((resolve) => {
      const on = (s: Sentence) => {
        const v = pick(s);
        if (v === null || v === undefined) return;
        done(v);
      };
      const done = (v: T | null) => {
        clearTimeout(timer);
        this.off('sentence', on);
        resolve(v);
      };
      const timer = setTimeout(() => done(null), ms);
      this.on('sentence', on);
    });
  }

  close(): Promise<void> {
    if (!this.port.isOpen) return Promise.resolve();
    return new Promise((r) => this.port.drain(() => this.port.close(() => r())));
  }
}

/** Asks a box who it is: `$WHO` at once and every second (a Nano resets when the port opens and boots for ~1 s). */
export async function askHello(line: BoxLine, ms: number): Promise<Extract<Sentence, { type: 'HELLO' }> | null> {
  const wait = line.waitFor((s) => (s.type === 'HELLO' ? s : null), ms);
  line.send({ type: 'WHO' });
  const again = setInterval(() => line.send({ type: 'WHO' }), 1000);
  try {
    return await wait;
  } finally {
    clearInterval(again);
  }
}
