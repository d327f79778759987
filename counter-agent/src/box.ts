import { formatSentence, LineFramer, parseSentence, rawPresses, uuidv7, type BoxStatus, type Clock, type DeviceScale, type RatingEvent } from '@onestop/shared';
import type { Logger } from './log.js';
import type { Outbox } from './outbox.js';

export const BOX_SILENCE_MS = 30_000;

export interface BoxSessionOptions {
  mode: 'v1' | 'raw' | 'simulated';
  outbox: Outbox;
  clock: Clock;
  log: Logger;
  /** the counter's scale as the hub configured it; presses outside it never become ratings */
  scale: () => DeviceScale;
  /** writes to the box */
  write: (text: string) => void;
  /** called after a new press is durably queued */
  onQueued: () => void;
  /** called when the state worth reporting changes */
  onChange: () => void;
}

/**
 * Speaks serial v1 (or raw mode) with one button box: frames and checks every line, queues each new press durably
 * and only then sends $ACK, de-duplicates retransmissions by seq within a sequence space (from a $HELLO that was a
 * restart, see beat()), and tracks liveness.
 */
export class BoxSession {
  private readonly framer = new LineFramer();
  hello: { serial: string; firmware: string; buttons: number; at: number } | null;
  lastBeatAt: number | null = null;
  lastHeardAt: number | null = null;
  droppedLines = 0;
  private online = false;

  constructor(private readonly o: BoxSessionOptions) {
    this.hello = o.outbox.lastHello();
  }

  /** Bytes from the port. */
  receive(chunk: Buffer | string): void {
    if (this.o.mode === 'raw') {
      const scale = this.o.scale();
      for (const button of rawPresses(chunk, scale.buttons)) this.press(button, null);
      return;
    }
    for (const ev of this.framer.push(typeof chunk === 'string' ? chunk : new Uint8Array(chunk))) {
      if (ev.kind === 'dropped') {
        this.drop(ev.reason);
        continue;
      }
      const r = parseSentence(ev.line);
      if (!r.ok) {
        this.drop(r.reason, ev.line);
        continue;
      }
      const s = r.sentence;
      switch (s.type) {
        case 'HELLO':
          this.heard();
          this.hello = { serial: s.serial, firmware: s.firmware, buttons: s.buttons, at: this.o.clock.now() };
          this.o.outbox.helloReceived(this.hello);
          this.o.log.info({ serial: s.serial, firmware: s.firmware, buttons: s.buttons }, 'box said hello');
          if (s.buttons !== this.o.scale().buttons) {
            this.o.log.warn({ box: s.buttons, hub: this.o.scale().buttons }, 'the box has a different number of buttons than the counter is configured for');
          }
          this.o.onChange();
          break;
        case 'BEAT':
          this.lastBeatAt = this.o.clock.now();
          this.heard();
          this.beat(s.uptimeS);
          break;
        case 'PRESS':
          this.heard();
          if (this.hello && s.button > this.hello.buttons) {
            this.drop('bad-fields', ev.line);
            break;
          }
          this.press(s.button, s.seq);
          break;
        default:
          // agent-to-device sentences coming back (an echoing line) are not ours to act on
          this.drop('unknown-type', ev.line);
      }
    }
  }

  private press(button: number, seq: number | null): void {
    const scale = this.o.scale();
    if (button > scale.buttons) {
      this.droppedLines++;
      this.o.log.warn({ button, buttons: scale.buttons, reason: 'button-out-of-range' }, 'press ignored: button not on this counter\'s scale');
      return;
    }
    if (seq === null) this.heard();
    const now = this.o.clock.now();
    const serial = this.hello?.serial ?? 'UNKNOWN';
    const event: RatingEvent = {
      id: uuidv7(now),
      source: 'button',
      button,
      deviceTime: now,
      ...(seq !== null ? { box: { serial, seq } } : {}),
    };
    let res: { id: string; duplicate: boolean };
    try {
      if (seq !== null && this.o.outbox.sequenceUndecided() !== null) this.decide(false, 'a press came before any $BEAT');
      res = this.o.outbox.addPress(event, seq !== null ? { serial, seq } : null, now);
    } catch (err) {
      // not durable, so no $ACK: the box will send the press again
      this.o.log.error({ err }, 'could not queue a press; not acknowledging');
      return;
    }
    if (seq !== null) this.o.write(formatSentence({ type: 'ACK', seq }));
    this.stopInvite();
    if (res.duplicate) {
      this.o.log.debug({ seq }, 'retransmitted press acknowledged again');
      return;
    }
    this.o.log.info({ id: res.id, button, seq }, 'press queued');
    this.o.onQueued();
  }

  /**
   * "Keeping presses": the first $BEAT after a $HELLO tells a restart (uptime lower than the last heard from that
   * serial: a new sequence space) from an answer to $WHO (not lower: the seqs already seen stay seen, so a press
   * stored here whose $ACK was lost is not counted again when the box sends it after the $WHO).
   */
  private beat(uptimeS: number): void {
    const serial = this.hello?.serial;
    if (!serial) return;
    try {
      if (this.o.outbox.sequenceUndecided() !== null) {
        const last = this.o.outbox.lastUptime(serial);
        const kept = last !== null && uptimeS >= last;
        this.decide(kept, kept ? `uptime ${uptimeS} s is not lower than ${last} s` : last === null ? 'first uptime heard from this box' : `uptime ${uptimeS} s is lower than ${last} s`);
      }
      this.o.outbox.beatHeard(serial, uptimeS);
    } catch (err) {
      // the $HELLO stays undecided: the next $PRESS decides
      this.o.log.error({ err }, 'could not record the box uptime');
    }
  }

  private decide(keep: boolean, why: string): void {
    this.o.outbox.decideSequence(keep);
    this.o.log.info({ serial: this.hello?.serial, why }, keep ? 'box did not restart: seqs already seen stay seen' : 'new sequence space');
  }

  private drop(reason: string, line?: string): void {
    this.droppedLines++;
    this.o.log.warn({ reason, line: line?.slice(0, 82) }, 'serial line dropped');
  }

  private heard(): void {
    this.lastHeardAt = this.o.clock.now();
    if (!this.online) {
      this.online = true;
      this.o.onChange();
    }
  }

  /** Called periodically: a box silent for 30 s is offline. */
  tick(): void {
    if (this.online && (this.lastHeardAt === null || this.o.clock.now() - this.lastHeardAt > BOX_SILENCE_MS)) {
      this.online = false;
      this.o.log.warn('box silent for 30 s: offline');
      this.o.onChange();
    }
  }

  /** The port closed: nothing can be heard until it reopens. */
  portLost(): void {
    if (this.online) {
      this.online = false;
      this.o.onChange();
    }
  }

  private inviteTimer: NodeJS.Timeout | null = null;

  /**
   * Invites a rating: every button's LED blinks (on 500 ms, every second) for `ms`, so the citizen who just got
   * their result sees the box is waiting. A press ends it. Raw boxes have no LEDs to drive.
   */
  invite(ms: number): void {
    if (this.o.mode === 'raw') return;
    this.stopInvite();
    const until = this.o.clock.now() + ms;
    const blink = () => {
      if (this.o.clock.now() >= until) return this.stopInvite();
      for (let b = 1; b <= (this.hello?.buttons ?? this.o.scale().buttons); b++) this.o.write(formatSentence({ type: 'LED', button: b, ms: 500 }));
    };
    blink();
    this.inviteTimer = setInterval(blink, 1000);
    this.inviteTimer.unref?.();
  }

  stopInvite(): void {
    if (this.inviteTimer) clearInterval(this.inviteTimer);
    this.inviteTimer = null;
  }

  ask(): void {
    if (this.o.mode !== 'raw') this.o.write(formatSentence({ type: 'WHO' }));
  }

  status(port: { path: string; open: boolean }, queued: number): BoxStatus {
    return {
      portPath: port.path,
      portOpen: port.open,
      mode: this.o.mode,
      online: this.online,
      hello: this.hello,
      lastBeatAt: this.lastBeatAt,
      lastHeardAt: this.lastHeardAt,
      droppedLines: this.droppedLines,
      queued,
    };
  }
}
