import fs from 'node:fs';
import { decodeInputEvent, inputEventSize, type InputEvent } from '@onestop/shared';
import type { Logger } from './log.js';
import { resolvePortPath } from './port.js';

export interface InputLinkOptions {
  /** /dev/input/by-id/…-event-kbd, /dev/input/event3, a glob, or (in tests) a FIFO */
  spec: string;
  log: Logger;
  /**
   * Called with each event, one at a time. The next record is read only after it returns, so whatever it commits
   * synchronously (the outbox) is durable before the agent takes the next key from the kernel.
   */
  onEvent: (e: InputEvent) => void;
  onOpen?: (path: string) => void;
  onLost?: (why: string) => void;
  eventSize?: 16 | 24;
  backoff?: { initialMs: number; maxMs: number };
}

/**
 * Keeps a Linux input device open and reads its `struct input_event` records straight from the device file
 * (decision 0065): one record per read, so no key waits in a read-ahead buffer. When the keypad is unplugged (ENODEV)
 * or the file ends (a FIFO's writer went away), it reopens with capped back-off. Never throws.
 *
 * A read of a character device blocks one libuv thread until a key comes and cannot be cancelled, so stop() does not
 * wait for it; the CLI ends the process by its stop signal once the outbox is closed (decision 0065).
 */
export class InputLink {
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private attempt = 0;
  private readonly size: 16 | 24;
  currentPath: string;
  isOpen = false;

  constructor(private readonly o: InputLinkOptions) {
    this.size = o.eventSize ?? inputEventSize(process.arch);
    this.currentPath = o.spec;
  }

  start(): void {
    this.stopped = false;
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const why = await this.readUntilLost();
      if (this.stopped) return;
      await this.pause(why);
    }
  }

  /** Opens the device and reads it until it goes away; returns why it stopped. */
  private async readUntilLost(): Promise<string> {
    const p = resolvePortPath(this.o.spec);
    if (!p) return `no device at ${this.o.spec}`;
    this.currentPath = p;
    let fh: fs.promises.FileHandle;
    try {
      fh = await fs.promises.open(p, 'r');
    } catch (e) {
      return (e as Error).message;
    }
    if (this.stopped) {
      void fh.close();
      return 'stopped';
    }
    this.attempt = 0;
    this.isOpen = true;
    this.o.log.info({ path: p, eventSize: this.size }, 'input device open');
    this.o.onOpen?.(p);
    const buf = Buffer.alloc(this.size);
    let why = 'closed';
    try {
      while (!this.stopped) {
        let got = 0;
        while (got < this.size) {
          const { bytesRead } = await fh.read(buf, got, this.size - got, null);
          if (bytesRead === 0) throw new Error('end of file');
          got += bytesRead;
        }
        if (this.stopped) break;
        this.o.onEvent(decodeInputEvent(buf, this.size));
      }
    } catch (e) {
      why = (e as Error).message;
    }
    this.isOpen = false;
    void fh.close().catch(() => {});
    if (!this.stopped) {
      this.o.log.warn({ path: p, why }, 'input device lost');
      this.o.onLost?.(why);
    }
    return why;
  }

  private pause(why: string): Promise<void> {
    const base = Math.min(this.o.backoff?.maxMs ?? 5000, (this.o.backoff?.initialMs ?? 250) * 2 ** this.attempt);
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this.attempt++;
    if (this.attempt <= 3 || this.attempt % 20 === 0) this.o.log.warn({ spec: this.o.spec, why, retryInMs: delay }, 'input device not available; retrying');
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, delay);
    });
  }
}
