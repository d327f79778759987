import { describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { formatSentence, type DeviceScale } from '@onestop/shared';
import { BoxSession } from './box.js';
import { Outbox } from './outbox.js';

class Clock {
  t = 1_800_000_000_000;
  now = () => this.t;
}

function session(opts: { file?: string; mode?: 'v1' | 'raw'; scale?: DeviceScale } = {}) {
  const clock = new Clock();
  const outbox = new Outbox(opts.file ?? ':memory:');
  const written: string[] = [];
  let changes = 0;
  let queued = 0;
  const box = new BoxSession({
    mode: opts.mode ?? 'v1',
    outbox,
    clock,
    log: pino({ level: 'silent' }),
    scale: () => opts.scale ?? { buttons: 4, map: [5, 4, 3, 2] },
    write: (t) => written.push(t),
    onQueued: () => queued++,
    onChange: () => changes++,
  });
  return { clock, outbox, box, written, changes: () => changes, queued: () => queued };
}

describe('box session', () => {
  it('acks a press only after it is in the outbox, with the device serial and seq', () => {
    const s = session();
    s.box.receive(formatSentence({ type: 'HELLO', serial: 'BX-1', firmware: '1', buttons: 4 }));
    s.box.receive(formatSentence({ type: 'PRESS', seq: 9, button: 2 }));
    expect(s.written).toEqual([formatSentence({ type: 'ACK', seq: 9 })]);
    const [item] = s.outbox.next(5);
    expect(item!.event).toMatchObject({ source: 'button', button: 2, deviceTime: s.clock.t, box: { serial: 'BX-1', seq: 9 } });
  });

  it('does not ack when the outbox cannot store the press', () => {
    const s = session();
    s.outbox.close();
    s.box.receive(formatSentence({ type: 'PRESS', seq: 1, button: 1 }));
    expect(s.written).toEqual([]);
  });

  it('remembers seen seqs across an agent restart (same outbox file)', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ob-')), 'o.sqlite');
    const a = session({ file });
    a.box.receive(formatSentence({ type: 'HELLO', serial: 'BX-2', firmware: '1', buttons: 4 }));
    a.box.receive(formatSentence({ type: 'PRESS', seq: 3, button: 1 }));
    a.outbox.close();
    const b = session({ file });
    b.box.receive(formatSentence({ type: 'PRESS', seq: 3, button: 1 }));
    expect(b.written).toHaveLength(1);
    expect(b.outbox.pending()).toBe(1);
    expect(b.queued()).toBe(0);
  });

  it('reports the box offline after 30 s of silence, online again when it speaks', () => {
    const s = session();
    s.box.receive(formatSentence({ type: 'BEAT', uptimeS: 5 }));
    expect(s.box.status({ path: 'p', open: true }, 0).online).toBe(true);
    s.clock.t += 29_000;
    s.box.tick();
    expect(s.box.status({ path: 'p', open: true }, 0).online).toBe(true);
    s.clock.t += 2_000;
    s.box.tick();
    expect(s.box.status({ path: 'p', open: true }, 0)).toMatchObject({ online: false, lastBeatAt: s.clock.t - 31_000 });
    s.box.receive(formatSentence({ type: 'BEAT', uptimeS: 36 }));
    expect(s.box.status({ path: 'p', open: true }, 0).online).toBe(true);
  });

  it('never turns a button beyond the counter\'s scale into a rating, in v1 or raw mode', () => {
    const v1 = session({ scale: { buttons: 3, map: [5, 4, 2] } });
    v1.box.receive(formatSentence({ type: 'PRESS', seq: 1, button: 4 }));
    expect(v1.outbox.pending()).toBe(0);
    expect(v1.written).toEqual([]);
    const raw = session({ mode: 'raw', scale: { buttons: 3, map: [5, 4, 2] } });
    raw.box.receive('4321');
    expect(raw.outbox.next(10).map((i) => i.event.button)).toEqual([3, 2, 1]);
    expect(raw.written).toEqual([]);
  });

  it('an invitation blinks every LED until it ends or a press comes', () => {
    vi.useFakeTimers();
    try {
      const s = session();
      s.box.receive(formatSentence({ type: 'HELLO', serial: 'BX-3', firmware: '1', buttons: 3 }));
      s.box.invite(2500);
      const leds = () => s.written.filter((w) => w.startsWith('$LED'));
      expect(leds()).toEqual([1, 2, 3].map((b) => formatSentence({ type: 'LED', button: b, ms: 500 })));
      vi.advanceTimersByTime(1000);
      expect(leds()).toHaveLength(6);
      s.box.receive(formatSentence({ type: 'PRESS', seq: 1, button: 1 }));
      vi.advanceTimersByTime(5000);
      expect(leds()).toHaveLength(6);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('keeping presses: a $HELLO answering $WHO is told from a restart by the uptime in the $BEAT after it', () => {
  const hello = formatSentence({ type: 'HELLO', serial: 'BX-5', firmware: '2', buttons: 4 });
  const beat = (uptimeS: number) => formatSentence({ type: 'BEAT', uptimeS });
  const press = (seq: number) => formatSentence({ type: 'PRESS', seq, button: 2 });
  const ack = (seq: number) => formatSentence({ type: 'ACK', seq });

  it('a press stored before a $WHO and sent again after it, with an uptime not lower, is acknowledged but not stored twice', () => {
    const s = session();
    s.box.receive(hello + beat(40) + press(3));
    s.box.receive(hello + beat(40) + press(3));
    s.box.receive(hello + beat(47) + press(3));
    expect(s.written).toEqual([ack(3), ack(3), ack(3)]);
    expect(s.outbox.pending()).toBe(1);
    expect(s.queued()).toBe(1);
  });

  it('an uptime lower than the last heard means the box restarted: the same seq is a new press', () => {
    const s = session();
    s.box.receive(hello + beat(40) + press(3));
    s.box.receive(hello + beat(0) + press(3));
    expect(s.outbox.pending()).toBe(2);
  });

  it('a $HELLO followed by a press and no $BEAT starts a new sequence space, as before', () => {
    const s = session();
    s.box.receive(hello + beat(40) + press(3));
    s.box.receive(hello + press(3));
    expect(s.outbox.pending()).toBe(2);
  });

  it('only the first $BEAT after a $HELLO decides: a later one does not bring old seqs back', () => {
    const s = session();
    s.box.receive(hello + beat(40) + press(3));
    s.box.receive(hello + beat(1) + beat(50) + press(3));
    expect(s.outbox.pending()).toBe(2);
  });

  it('the first uptime ever heard from a box starts a new space', () => {
    const s = session();
    s.box.receive(formatSentence({ type: 'HELLO', serial: 'BX-6', firmware: '2', buttons: 4 }) + press(3));
    s.box.receive(hello + beat(900) + press(3));
    expect(s.outbox.pending()).toBe(2);
  });

  it('the last uptime and an undecided $HELLO survive an agent restart', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ob-')), 'o.sqlite');
    const a = session({ file });
    a.box.receive(hello + beat(40) + press(3));
    a.outbox.close();
    const b = session({ file });
    b.box.receive(hello + beat(100) + press(3));
    expect(b.written).toEqual([ack(3)]);
    expect(b.outbox.pending()).toBe(1);
    b.box.receive(hello);
    b.outbox.close();
    const c = session({ file });
    c.box.receive(beat(0) + press(3));
    expect(c.outbox.pending()).toBe(2);
  });
});
