import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checksum, formatSentence } from '@onestop/shared';
import { adminCookie, startHub, waitFor, type RunningHub } from './helpers/procs.js';
import { TestBox } from './helpers/serial.js';
import { counterWithAgent as withAgent } from './helpers/counter.js';
import { hubRows, outboxRows } from './helpers/db.js';

/**
 * The whole path of a press: a button box on a real pty (socat), the real counter-agent process with the real
 * serialport package, the real hub process, its SQLite file, and the $ACK back on the wire.
 */
let hub: RunningHub;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

const counterWithAgent = (opts: Parameters<typeof withAgent>[2] = {}) => withAgent(hub, cleanups, opts);

const ratingsOf = (counterId: string) =>
  hubRows<{ id: string; score: number; button: number; box_serial: string; box_seq: number; flagged: number }>(
    hub.dataDir,
    'SELECT id, score, button, box_serial, box_seq, flagged FROM ratings WHERE counter_id = ? ORDER BY rated_at',
    counterId,
  );

describe('serial v1 through the agent to the hub', () => {
  it('a press is acknowledged with $ACK only once it is stored, and reaches the hub database with its score', async () => {
    const { box, counterId, outbox } = await counterWithAgent({ buttons: 4 });
    await box.send({ type: 'HELLO', serial: 'BX-0042', firmware: '1.0.3', buttons: 4 });
    await box.send({ type: 'PRESS', seq: 17, button: 1 });
    await box.waitAck(17);
    // at the moment of the $ACK the press is durable in the agent's outbox (or already at the hub)
    expect(outboxRows(outbox, 'SELECT id FROM outbox')).toHaveLength(1);
    const rows = await waitFor(() => (ratingsOf(counterId).length === 1 ? ratingsOf(counterId) : null), 'the rating at the hub');
    expect(rows[0]).toMatchObject({ score: 5, button: 1, box_serial: 'BX-0042', box_seq: 17, flagged: 0 });
    expect(box.raw).toContain('$ACK,17*63\r\n');
  });

  it('a press repeated with the same seq is acknowledged again but stored once', async () => {
    const { box, counterId, outbox } = await counterWithAgent({ buttons: 4 });
    await box.send({ type: 'HELLO', serial: 'BX-7', firmware: '2.0', buttons: 4 });
    await box.send({ type: 'PRESS', seq: 5, button: 3 });
    await box.waitAck(5);
    await box.send({ type: 'PRESS', seq: 5, button: 3 });
    await box.send({ type: 'PRESS', seq: 5, button: 3 });
    await box.waitAck(5, 3);
    await box.send({ type: 'PRESS', seq: 6, button: 4 });
    await box.waitAck(6);
    const rows = await waitFor(() => (ratingsOf(counterId).length >= 2 ? ratingsOf(counterId) : null), 'two ratings');
    // a third row could only come from a press still in the agent's outbox: wait until it holds none unsent
    await waitFor(() => outboxRows(outbox, 'SELECT id FROM outbox WHERE sent_at IS NULL').length === 0, "the agent's outbox drained");
    expect(ratingsOf(counterId).map((r) => [r.box_seq, r.score])).toEqual([
      [5, 3],
      [6, 2],
    ]);
    expect(rows).toHaveLength(2);
  });

  it('after a new $HELLO (power-on) the same seq is a new press', async () => {
    const { box, counterId } = await counterWithAgent({ buttons: 4 });
    await box.send({ type: 'HELLO', serial: 'BX-8', firmware: '2.0', buttons: 4 });
    await box.send({ type: 'PRESS', seq: 0, button: 1 });
    await box.waitAck(0);
    await box.send({ type: 'HELLO', serial: 'BX-8', firmware: '2.0', buttons: 4 });
    await box.send({ type: 'PRESS', seq: 0, button: 2 });
    await box.waitAck(0, 2);
    await waitFor(() => ratingsOf(counterId).length === 2, 'two ratings');
  });

  it('garbage, bad checksums, unknown sentences, too-long lines and out-of-range buttons never become ratings', async () => {
    const { box, counterId, agent } = await counterWithAgent({ buttons: 3 });
    await box.send({ type: 'HELLO', serial: 'BX-9', firmware: '1', buttons: 3 });
    await box.write('\x00\xffBooting...\r\nnoise without dollar\r\n');
    await box.write('$PRESS,1,1*00\r\n'); // bad checksum
    await box.write(`$PRESS,2,1\r\n`); // no checksum
    await box.write(`$FOO,1*${checksum('FOO,1')}\r\n`); // unknown type
    await box.write(`$PRESS,3,9*${checksum('PRESS,3,9')}\r\n`); // bad button field
    await box.write(formatSentence({ type: 'PRESS', seq: 4, button: 4 })); // button 4 on a 3-button box
    await box.write('$' + 'PRESS,5,1,'.repeat(12) + '*00\r\n'); // too long
    await box.send({ type: 'PRESS', seq: 6, button: 2 });
    await box.waitAck(6);
    await waitFor(() => ratingsOf(counterId).length === 1, 'the one valid rating');
    expect(ratingsOf(counterId)[0]).toMatchObject({ box_seq: 6, score: 4 });
    for (const seq of [1, 2, 3, 4, 5]) expect(box.acks(seq)).toBe(0);
    // each drop was logged with its reason, and the agent is still running
    // (the agent's log is written asynchronously, so the ack of seq 6 may overtake the log lines: wait for them)
    const reasons = ['bad-checksum', 'bad-framing', 'unknown-type', 'bad-fields', 'line-too-long'];
    await waitFor(() => reasons.every((reason) => agent.output().includes(reason)), 'every drop logged with its reason');
    for (const reason of reasons) await expect.poll(() => agent.output(), { timeout: 15_000 }).toContain(reason);
    expect(agent.proc.exitCode).toBeNull();
  });

  it('raw mode: each digit is a press, everything else ignored, nothing acknowledged', async () => {
    const { box, counterId } = await counterWithAgent({ buttons: 4, mode: 'raw' });
    await box.write('1');
    await box.write('x\r\n9');
    await box.write('4');
    await waitFor(() => ratingsOf(counterId).length === 2, 'two raw presses');
    expect(ratingsOf(counterId).map((r) => r.score)).toEqual([5, 2]);
    expect(box.raw).toBe('');
  });

  it('a pulled cable is reopened without restarting the agent, and the hub sees the box offline meanwhile', async () => {
    const { box, counterId, deviceId, pty, agent } = await counterWithAgent({ buttons: 4 });
    const cookie = await adminCookie(hub.url);
    const boxState = async () => {
      const res = await fetch(`${hub.url}/api/admin/devices`, { headers: { cookie } });
      const body = (await res.json()) as { data: { deviceId: string; box: { portOpen: boolean; online: boolean } | null }[] };
      return body.data.find((d) => d.deviceId === deviceId)?.box ?? null;
    };
    await box.send({ type: 'HELLO', serial: 'BX-10', firmware: '1', buttons: 4 });
    await waitFor(async () => (await boxState())?.online === true, 'box online at the hub');
    await box.close();
    await pty.stop();
    await waitFor(async () => (await boxState())?.portOpen === false, 'port closed at the hub');
    expect((await boxState())?.online).toBe(false);
    await pty.start();
    await waitFor(() => (agent.output().match(/serial port open/g) ?? []).length >= 2, 'agent to reopen the port', 20_000);
    const box2 = new TestBox(pty.box);
    await box2.open();
    cleanups.push(() => box2.close());
    await box2.send({ type: 'HELLO', serial: 'BX-10', firmware: '1', buttons: 4 });
    await box2.send({ type: 'PRESS', seq: 0, button: 2 });
    await box2.waitAck(0);
    await waitFor(() => ratingsOf(counterId).length === 1, 'the press after the replug');
    await waitFor(async () => (await boxState())?.portOpen === true, 'port open again at the hub');
    expect(agent.proc.exitCode).toBeNull();
  });
});

