import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { backoffDelay } from '@onestop/shared';
import type { Logger } from './log.js';

export interface PortLike {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  write(data: string): boolean;
  on(ev: 'data', fn: (b: Buffer) => void): this;
  on(ev: 'close', fn: (err?: Error & { disconnected?: boolean }) => void): this;
  on(ev: 'error', fn: (err: Error) => void): this;
  removeAllListeners(): this;
}

export type PortFactory = (path: string, baudRate: number) => PortLike;

export const realPort: PortFactory = (p, baudRate) => new SerialPort({ path: p, baudRate, autoOpen: false });

/**
 * Resolves the configured port each time it is opened: a glob (`/dev/ttyUSB*`) picks the first match, and a
 * symlink (`/dev/serial/by-id/…`, a socat link) is followed, so an adapter that comes back under another name is
 * found again.
 */
export function resolvePortPath(spec: string): string | null {
  if (spec.startsWith('sim:')) return spec;
  let candidate = spec;
  if (spec.includes('*')) {
    const dir = path.dirname(spec);
    const re = new RegExp('^' + path.basename(spec).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => re.test(n)).sort();
    } catch {
      return null;
    }
    if (names.length === 0) return null;
    candidate = path.join(dir, names[0]!);
  }
  try {
    return fs.realpathSync(candidate);
  } catch {
    return null;
  }
}

/**
 * Keeps a serial port open: opens it, and when it fails or goes away (cable pulled), tries again with capped
 * back-off. Emits 'open', 'data', 'lost'. Never throws: a missing adapter is a state, not a crash.
 */
export class SerialLink extends EventEmitter {
  private port: PortLike | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;
  currentPath: string;

  constructor(
    private readonly spec: string,
    private readonly baudRate: number,
    private readonly log: Logger,
    private readonly factory: PortFactory = realPort,
    private readonly backoff = { initialMs: 250, maxMs: 5000 },
  ) {
    super();
    this.currentPath = spec;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  start(): void {
    this.stopped = false;
    this.tryOpen();
  }

  write(text: string): void {
    if (this.port?.isOpen) this.port.write(text);
  }

  private tryOpen(): void {
    this.timer = null;
    if (this.stopped) return;
    const p = resolvePortPath(this.spec);
    if (!p) return this.retry(`no device at ${this.spec}`);
    this.currentPath = p;
    const port = this.factory(p, this.baudRate);
    port.open((err) => {
      if (this.stopped) {
        if (!err) port.close();
        return;
      }
      if (err) return this.retry(err.message);
      this.attempt = 0;
      this.port = port;
      port.on('data', (b) => this.emit('data', b));
      port.on('error', (e) => this.log.warn({ err: e.message }, 'serial port error'));
      port.on('close', (e) => this.lost(port, e?.message ?? 'closed'));
      this.log.info({ path: p, baudRate: this.baudRate }, 'serial port open');
      this.emit('open', p);
    });
  }

  private lost(port: PortLike, why: string): void {
    if (this.port !== port) return;
    port.removeAllListeners();
    this.port = null;
    this.log.warn({ why }, 'serial port lost');
    this.emit('lost');
    if (!this.stopped) this.retry(why);
  }

  private retry(why: string): void {
    this.attempt++;
    const delay = backoffDelay({ baseMs: this.backoff.initialMs, maxMs: this.backoff.maxMs, jitter: [0.75, 1.25] }, this.attempt);
    if (this.attempt <= 3 || this.attempt % 20 === 0) this.log.warn({ spec: this.spec, why, retryInMs: delay }, 'serial port not available; retrying');
    this.timer = setTimeout(() => this.tryOpen(), delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const port = this.port;
    this.port = null;
    if (port?.isOpen) {
      port.removeAllListeners();
      await new Promise<void>((r) => port.close(() => r()));
    }
  }
}
