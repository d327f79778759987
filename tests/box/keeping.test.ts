import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/procs.js';
import { boxHubForFile } from '../helpers/box-counter.js';
import { outboxRows } from '../helpers/db.js';

/**
 * "Keeping presses" (docs/protocols/serial-v1.md) with the firmware in simavr, the real agent and the real hub: no
 * press is lost while the box is powered, and none is counted twice.
 */
const box = boxHubForFile();

// two agent starts and a hub round trip each: slow on a loaded machine, so more than the default minute
describe('keeping presses, firmware and agent together', { timeout: 120_000 }, () => {
  it('ten presses made while the agent is stopped for 60 s of simulated time are all stored once after it restarts', async () => {
    const c = await box.counter({ buttons: 4 });
    await c.stopAgent();
    c.sim.send('line off');
    const buttons = [1, 2, 3, 4, 1, 2, 3, 4, 4, 4];
    buttons.forEach((b, i) => c.sim.send(`after ${2000 + i * 5000} press ${b} bounce 4`));
    const from = c.sim.events.length;
    c.sim.send('advance 60000');
    await c.sim.waitEvent((e) => e.kind === 'advanced', '60 s of simulated time', { from });
    // the first press was sent and retried 3 times, then kept for the next $WHO; the others wait behind it
    expect(c.sim.lines('tx', '$PRESS,', from).map((e) => e.arg.split('*')[0])).toEqual(Array(4).fill('$PRESS,0,1'));
    expect(c.sim.events.slice(from).filter((e) => e.kind === 'press')).toHaveLength(10);
    // meanwhile the box said it was alive at least every 10 s
    const beats = c.sim.lines('tx', '$BEAT,', from).map((e) => e.t);
    expect(beats.length).toBeGreaterThanOrEqual(6);
    for (let i = 1; i < beats.length; i++) expect(beats[i]! - beats[i - 1]!).toBeLessThanOrEqual(10_000);
    c.sim.send('line on');
    const back = c.sim.events.length;
    await c.startAgent();
    await waitFor(() => (c.ratings().length >= 10 ? true : null), 'ten ratings at the hub', 30_000);
    // the agent asked who it was; the box answered $HELLO then $BEAT before sending its presses again
    const order = c.sim.events.slice(back).filter((e) => (e.kind === 'rx' && e.arg.startsWith('$WHO')) || e.kind === 'tx');
    expect(order.slice(0, 4).map((e) => e.arg.split(',')[0]!.split('*')[0])).toEqual(['$WHO', '$HELLO', '$BEAT', '$PRESS']);
    await c.sim.waitEvent((e) => e.kind === 'status' && e.arg === 'off', 'the box to have every $ACK', { from: back });
    expect(c.ratings().map((r) => [r.box_seq, r.button])).toEqual(buttons.map((b, i) => [i, b]));
    await expect.poll(() => c.agent().output(), { timeout: 15_000 }).toContain('box did not restart');
  });

  it('a press whose $ACK is lost on the line is sent again and stored once', async () => {
    const c = await box.counter({ buttons: 4 });
    const from = c.sim.events.length;
    c.sim.send('drop-acks 1');
    c.sim.press(2);
    await c.sim.waitEvent((e) => e.kind === 'dropped', 'the first $ACK to be lost', { from });
    await c.sim.waitEvent((e) => e.kind === 'led' && e.arg === '2 on', 'LED 2 after the second $ACK', { from });
    expect(c.sim.lines('tx', '$PRESS,', from)).toHaveLength(2);
    // the retransmission was acknowledged as a duplicate: the agent queues a press durably before its $ACK, and
    // queued only one
    expect(outboxRows(c.outbox, 'SELECT id FROM outbox')).toHaveLength(1);
    await waitFor(() => c.ratings().length === 1, 'the rating at the hub');
    expect(c.ratings()).toMatchObject([{ box_seq: 0, score: 4 }]);
  });

  it('a press stored whose four $ACKs were all lost is sent again after the next $WHO and still stored once', async () => {
    const c = await box.counter({ buttons: 4 });
    const from = c.sim.events.length;
    c.sim.send('drop-acks 4');
    c.sim.press(1);
    await waitFor(() => c.sim.events.slice(from).filter((e) => e.kind === 'dropped').length === 4 || null, 'four lost $ACKs', 20_000);
    await waitFor(() => c.ratings().length === 1, 'the rating at the hub');
    // the agent restarts (it asks $WHO): the uptime in the $BEAT shows the box did not, so seq 0 is still seen
    await c.stopAgent();
    const back = c.sim.events.length;
    await c.startAgent();
    await c.sim.waitEvent((e) => e.kind === 'led' && e.arg === '1 on', 'LED 1 after the $ACK that got through', { from: back });
    expect(c.sim.lines('rx', '$WHO', back)).toHaveLength(1);
    expect(c.sim.lines('tx', '$PRESS,0,1', back)).toHaveLength(1);
    expect(outboxRows(c.outbox, 'SELECT id FROM outbox')).toHaveLength(1);
    expect(c.ratings()).toHaveLength(1);
    await expect.poll(() => c.agent().output(), { timeout: 15_000 }).toContain('box did not restart');
  });

  it('a queue overflow keeps the oldest presses and reports the others in $LOST', async () => {
    const c = await box.counter({ buttons: 4 });
    await c.stopAgent();
    c.sim.send('line off');
    for (let i = 0; i < 40; i++) c.sim.send(`after ${100 + i * 60} press ${(i % 4) + 1} hold 30`);
    const from = c.sim.events.length;
    c.sim.send('advance 5000');
    await c.sim.waitEvent((e) => e.kind === 'advanced', '5 s of simulated time', { from });
    expect(c.sim.lines('tx', '$LOST,', from).map((e) => e.arg.split('*')[0])).toEqual(['$LOST,1', '$LOST,2', '$LOST,3', '$LOST,4', '$LOST,5', '$LOST,6', '$LOST,7', '$LOST,8']);
    c.sim.send('line on');
    const back = c.sim.events.length;
    await c.startAgent();
    await waitFor(() => (c.ratings().length >= 32 ? true : null), '32 ratings at the hub', 40_000);
    await c.sim.waitEvent((e) => e.kind === 'status' && e.arg === 'off', 'the box to have every $ACK', { from: back });
    expect(c.ratings().map((r) => r.box_seq)).toEqual([...Array(32).keys()]);
    // the count is said again after the $HELLO and $BEAT that answer $WHO; a v1 agent drops it as an unknown type
    expect(c.sim.lines('tx', '$LOST,8', back)).toHaveLength(1);
  });
});
