import { describe, expect, it } from 'vitest';
import { checksum, formatSentence } from '@onestop/shared';
import { waitFor } from '../helpers/procs.js';
import { boxHubForFile } from '../helpers/box-counter.js';

/** What the agent says to the box, and what the box does with it: the firmware in simavr, the real agent and hub. */
const box = boxHubForFile();

/** any sentence, even one the shared codec does not know ($CFG) or forbids, with a good checksum */
const raw = (body: string) => `$${body}*${checksum(body)}\r\n`;

describe('the box on its line', { timeout: 120_000 }, () => {
  it('$CFG sets the serial in EEPROM: the box greets with it at once, after a power cycle, and in answer to $WHO', async () => {
    const c = await box.counter({ buttons: 4 });
    let from = c.sim.events.length;
    // refused: a space in the serial, 17 characters, 7 buttons, a missing field
    for (const bad of ['CFG,BX 1,4', 'CFG,BX-0123456789ABCDE,4', 'CFG,BX-1,7', 'CFG,BX-1']) c.sim.inject(raw(bad));
    c.sim.inject(raw('CFG,BX-0777,3'));
    await c.sim.waitEvent((e) => e.kind === 'tx' && e.arg.startsWith('$HELLO,'), 'the box to greet with its new serial', { from });
    expect(c.sim.lines('tx', '$HELLO,', from).map((e) => e.arg)).toEqual([formatSentence({ type: 'HELLO', serial: 'BX-0777', firmware: '2.0.0', buttons: 3 }).trimEnd()]);
    await c.sim.waitEvent((e) => e.kind === 'tx' && e.arg.startsWith('$BEAT,'), 'its $BEAT after the $HELLO', { from });

    from = c.sim.events.length;
    c.sim.send('reset');
    await c.sim.waitEvent((e) => e.kind === 'tx' && e.arg.startsWith('$HELLO,BX-0777,2.0.0,3*'), 'the power-on greeting from EEPROM', { from });

    // a restarted agent hears nothing for 2 s, asks $WHO, and gets the EEPROM serial
    await c.stopAgent();
    from = c.sim.events.length;
    await c.startAgent();
    await c.sim.waitEvent((e) => e.kind === 'rx' && e.arg.startsWith('$WHO*'), 'the agent to ask $WHO', { from });
    await c.sim.waitEvent((e) => e.kind === 'tx' && e.arg.startsWith('$HELLO,BX-0777,'), '$HELLO in answer', { from });
    await waitFor(() => /"serial":"BX-0777"/.test(c.agent().output()), 'the agent to know the new serial');
    c.sim.press(2);
    await waitFor(() => c.ratings().length === 1, 'the rating at the hub');
    expect(c.ratings()).toMatchObject([{ box_serial: 'BX-0777', box_seq: 0, button: 2 }]);
  });

  it('$LED lights that LED for the time asked; a LED beyond the buttons or a time over 10 s is ignored', async () => {
    const c = await box.counter({ buttons: 4 });
    const from = c.sim.events.length;
    c.sim.inject(raw('LED,5,400') + raw('LED,1,10001') + formatSentence({ type: 'LED', button: 3, ms: 500 }));
    const on = await c.sim.waitEvent((e) => e.kind === 'led' && e.arg === '3 on', 'LED 3 on', { from });
    const off = await c.sim.waitEvent((e) => e.kind === 'led' && e.arg === '3 off', 'LED 3 off', { from });
    // the box counts in whole milliseconds of its 1 kHz tick, from the turn of its loop that read the sentence
    expect(off.t - on.t).toBeGreaterThanOrEqual(498);
    expect(off.t - on.t).toBeLessThanOrEqual(501);
    expect(c.sim.events.slice(from).filter((e) => e.kind === 'led').map((e) => e.arg)).toEqual(['3 on', '3 off']);
  });

  it('garbage on the line does nothing: no LED, no sound, no answer, no reset, and the box still works', async () => {
    const c = await box.counter({ buttons: 4 });
    const from = c.sim.events.length;
    c.sim.inject('\x00\xff\x13noise\r\n');
    c.sim.inject('$LED,1,100*00\r\n'); // bad checksum
    c.sim.inject('$WHO\r\n'); // no checksum
    c.sim.inject(raw('FOO,1')); // unknown type
    c.sim.inject(raw('WHO,1')); // a field too many
    c.sim.inject(raw('LED,01x,100')); // not a number
    c.sim.inject(raw('ACK,0')); // nothing in flight
    c.sim.inject('$' + 'LED,1,100,'.repeat(10) + '*00\r\n'); // over 82 bytes
    c.sim.inject(raw('LED,2')); // a field missing
    c.sim.inject('$LED,2,1' + raw('LED,4,300')); // a cut sentence, then a good one: its `$` starts again
    // the good $LED at the end is the mark that everything before it was read
    await c.sim.waitEvent((e) => e.kind === 'led' && e.arg === '4 on', 'the good $LED after the garbage', { from });
    const after = c.sim.events.slice(from);
    expect(after.filter((e) => ['led', 'buzzer', 'reset', 'status'].includes(e.kind)).map((e) => `${e.kind} ${e.arg}`)).toEqual(['led 4 on']);
    expect(after.filter((e) => e.kind === 'tx' && !e.arg.startsWith('$BEAT,'))).toEqual([]);
    c.sim.press(1);
    await waitFor(() => c.ratings().length === 1, 'a press after the garbage');
    expect(c.ratings()).toMatchObject([{ box_seq: 0, score: 5 }]);
  });

  it('a box built for 115200 baud works with an agent at 115200', async () => {
    const c = await box.counter({ buttons: 4, baud: 115200 });
    const from = c.sim.events.length;
    c.sim.press(4, { bounce: 3 });
    await c.sim.waitEvent((e) => e.kind === 'led' && e.arg === '4 on', 'LED 4 after the $ACK', { from });
    await waitFor(() => c.ratings().length === 1, 'the rating at the hub');
    expect(c.ratings()).toMatchObject([{ box_seq: 0, button: 4, score: 2 }]);
    // the 15 bytes of $PRESS took 15 frames of 11 bits at 115200 baud on the simulated line
    const press = c.sim.events.slice(from).find((e) => e.kind === 'press')!;
    const sent = c.sim.lines('tx', '$PRESS,', from)[0]!;
    expect(sent.t - press.t).toBeLessThan(10);
  });
});
