import { describe, expect, it } from 'vitest';
import { formatSentence } from '@onestop/shared';
import { waitFor } from '../helpers/procs.js';
import { boxHubForFile } from '../helpers/box-counter.js';

/**
 * The button box firmware (counter-agent/firmware) running in simavr, its UART on a pty held by the real counter agent,
 * the real hub behind: presses made by driving the chip's input pins, with chatter, at simulated times.
 */
const box = boxHubForFile();

const line = (s: Parameters<typeof formatSentence>[0]) => formatSentence(s).trimEnd();

describe('the firmware in emulation with the real agent and hub', () => {
  it('each press of a sequence is stored once with its button\'s score, and its LED thanks the citizen after the $ACK', async () => {
    const c = await box.counter({ buttons: 4 });
    const out: Record<number, number> = {};
    for (const button of [1, 2, 3, 4, 1]) {
      const from = c.sim.events.length;
      // a LED still thanking the previous citizen cannot light again: wait until it is dark
      if (out[button]) await c.sim.waitEvent((e) => e.kind === 'led' && e.arg === `${button} off`, `LED ${button} to go out`, { from: out[button] });
      c.sim.press(button, { bounce: 3 });
      const lit = await c.sim.waitEvent((e) => e.kind === 'led' && e.arg === `${button} on`, `LED ${button} after the $ACK`, { from });
      const ack = c.sim.lines('rx', '$ACK,', from)[0];
      expect(ack, 'the $ACK reached the box before its LED lit').toBeDefined();
      expect(ack!.t).toBeLessThanOrEqual(lit.t);
      out[button] = c.sim.events.indexOf(lit);
    }
    const rows = await waitFor(() => (c.ratings().length >= 5 ? c.ratings() : null), 'five ratings at the hub');
    expect(rows.map((r) => [r.box_seq, r.button, r.score])).toEqual([
      [0, 1, 5],
      [1, 2, 4],
      [2, 3, 3],
      [3, 4, 2],
      [4, 1, 5],
    ]);
    expect(new Set(rows.map((r) => r.box_serial))).toEqual(new Set(['BX-0001']));
    // the box's own line: each press sent once (every $ACK came within the second)
    expect(c.sim.lines('tx', '$PRESS,').map((e) => e.arg)).toEqual(rows.map((r) => line({ type: 'PRESS', seq: r.box_seq, button: r.button })));
  });

  it('a button that chatters on both edges makes one press', async () => {
    const c = await box.counter({ buttons: 4 });
    c.sim.press(3, { bounce: 12, hold: 80 });
    await c.sim.waitEvent((e) => e.kind === 'led' && e.arg === '3 on', 'LED 3 after the $ACK');
    // everything the chatter could cause has happened once the release and its own chatter are 200 ms behind
    const from = c.sim.events.length;
    c.sim.send('after 300 time');
    await c.sim.waitEvent((e) => e.kind === 'time', '300 ms more of simulated time', { from });
    expect(c.sim.lines('tx', '$PRESS,').map((e) => e.arg), c.sim.output()).toEqual([line({ type: 'PRESS', seq: 0, button: 3 })]);
    await waitFor(() => c.ratings().length === 1, 'the rating at the hub');
    expect(c.ratings()).toMatchObject([{ box_seq: 0, score: 3 }]);
  });
});
