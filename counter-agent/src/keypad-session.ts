import { EV_KEY, KEY_DOWN, keyNameOf, uuidv7, type BoxStatus, type Clock, type DeviceScale, type InputEvent, type KeypadMap, type RatingEvent } from '@onestop/shared';
import type { Logger } from './log.js';
import type { Outbox } from './outbox.js';

export interface KeypadSessionOptions {
  keypad: KeypadMap;
  outbox: Outbox;
  clock: Clock;
  log: Logger;
  /** the counter's scale as the hub configured it; a mapped button beyond it never becomes a rating */
  scale: () => DeviceScale;
  /** called after a new press is durably queued */
  onQueued: () => void;
}

/**
 * Turns a keypad's input events into presses. Only a key going down counts (key-up and the kernel's auto-repeat do
 * not); a press closer than the map's minimum gap to the last one taken is ignored, measured on the kernel's own
 * timestamps so a busy agent reading late never merges or splits presses. Nothing acknowledges a keypad press, so it
 * is committed to the outbox here, before the link reads the next event.
 */
export class KeypadSession {
  private lastTakenAt: number | null = null;
  lastHeardAt: number | null = null;
  ignored = 0;

  constructor(private readonly o: KeypadSessionOptions) {}

  event(e: InputEvent): void {
    if (e.type !== EV_KEY) return;
    this.lastHeardAt = this.o.clock.now();
    if (e.value !== KEY_DOWN) return; // 0 = up, 2 = auto-repeat
    const button = this.o.keypad.buttons.get(e.code);
    const key = keyNameOf(e.code);
    if (button === undefined) return this.ignore('unmapped-key', { key, code: e.code });
    if (button > this.o.scale().buttons) return this.ignore('button-out-of-range', { key, button, buttons: this.o.scale().buttons });
    // a clock set back (NTP) is not a short gap
    if (this.lastTakenAt !== null && e.timeMs >= this.lastTakenAt && e.timeMs - this.lastTakenAt < this.o.keypad.minGapMs) {
      return this.ignore('too-soon', { key, button, gapMs: e.timeMs - this.lastTakenAt, minGapMs: this.o.keypad.minGapMs });
    }
    const now = this.o.clock.now();
    const event: RatingEvent = { id: uuidv7(now), source: 'button', button, deviceTime: now };
    try {
      this.o.outbox.addPress(event, null, now);
    } catch (err) {
      // the key is gone from the kernel's buffer: this press is lost, and said so loudly
      this.o.log.error({ err, key, button, reason: 'outbox-write-failed' }, 'could not queue a keypad press: it is lost');
      return;
    }
    this.lastTakenAt = e.timeMs;
    this.o.log.info({ id: event.id, key, button }, 'press queued');
    this.o.onQueued();
  }

  private ignore(reason: string, detail: Record<string, unknown>): void {
    this.ignored++;
    this.o.log.info({ reason, ...detail }, 'key ignored');
  }

  status(device: { path: string; open: boolean }, queued: number): BoxStatus {
    return {
      portPath: device.path.slice(0, 200),
      portOpen: device.open,
      mode: 'keypad',
      // a keypad says nothing until pressed: an open device is as online as it gets
      online: device.open,
      hello: null,
      lastBeatAt: null,
      lastHeardAt: this.lastHeardAt,
      droppedLines: this.ignored,
      queued,
    };
  }
}
