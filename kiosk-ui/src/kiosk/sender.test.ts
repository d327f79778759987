import { describe, expect, it } from 'vitest';
import { uuidv7, type Ack, type RatingAckData, type RatingEvent } from '@onestop/shared';
import { MemoryRatingQueue } from './queue';
import { RatingSender, type AckSocket } from './sender';

type Answer = Ack<RatingAckData> | 'timeout';

/** A socket that answers each submit from a script, and records what was sent. */
function fakeSocket(answers: (e: RatingEvent) => Answer) {
  const sent: RatingEvent[] = [];
  const socket: AckSocket & { connected: boolean } = {
    connected: true,
    timeout: () => ({
      emitWithAck: async (_ev, e) => {
        sent.push(e);
        const a = answers(e);
        if (a === 'timeout') throw new Error('operation has timed out');
        return a;
      },
    }),
  };
  return { socket, sent };
}

const okAck = (e: RatingEvent): Ack<RatingAckData> => ({ ok: true, data: { id: e.id, duplicate: false, flagged: false, score: e.score! } });

async function queueWith(n: number) {
  const q = new MemoryRatingQueue();
  const events: RatingEvent[] = [];
  for (let i = 0; i < n; i++) {
    const e: RatingEvent = { id: uuidv7(1_700_000_000_000 + i), source: 'touch', score: 5, deviceTime: 1_700_000_000_000 + i };
    events.push(e);
    await q.add({ id: e.id, deviceId: 'd-1', event: e, queuedAt: e.deviceTime });
  }
  return { q, events };
}

const opts = { ackTimeoutMs: 10, retryMs: 60_000 };

describe('RatingSender', () => {
  it('sends the queue oldest first and empties it on ok (a duplicate is ok too)', async () => {
    const { q, events } = await queueWith(3);
    let n = 0;
    const { socket, sent } = fakeSocket((e) => (n++ === 1 ? { ok: true, data: { id: e.id, duplicate: true, flagged: false, score: 5 } } : okAck(e)));
    const s = new RatingSender(q, 'd-1', () => {}, opts);
    s.attach(socket);
    await s.flush();
    s.stop();
    expect(sent.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(await q.counts('d-1')).toEqual({ queued: 0, setAside: 0 });
  });

  it('sets aside a permanent refusal and goes on with the rest', async () => {
    const { q, events } = await queueWith(2);
    const { socket } = fakeSocket((e) => (e.id === events[0]!.id ? { ok: false, reason: 'score-not-on-scale' } : okAck(e)));
    const s = new RatingSender(q, 'd-1', () => {}, opts);
    s.attach(socket);
    await s.flush();
    s.stop();
    expect(await q.counts('d-1')).toEqual({ queued: 0, setAside: 1 });
    expect(q.aside.get(events[0]!.id)?.reason).toBe('score-not-on-scale');
  });

  it('keeps everything, in order, after a timeout or a temporary refusal', async () => {
    const { q } = await queueWith(3);
    let n = 0;
    const { socket, sent } = fakeSocket((e) => (++n === 2 ? 'timeout' : okAck(e)));
    const s = new RatingSender(q, 'd-1', () => {}, opts);
    s.attach(socket);
    await s.flush();
    expect(sent).toHaveLength(2);
    expect(await q.counts('d-1')).toEqual({ queued: 2, setAside: 0 });

    const second = fakeSocket(() => ({ ok: false, reason: 'storage-failed' }));
    s.attach(second.socket);
    await s.flush();
    expect(second.sent).toHaveLength(1);
    expect(await q.counts('d-1')).toEqual({ queued: 2, setAside: 0 });
    s.stop();
  });

  it('sends nothing while disconnected, and only its own device’s ratings', async () => {
    const { q } = await queueWith(1);
    const other: RatingEvent = { id: uuidv7(), source: 'touch', score: 4, deviceTime: Date.now() };
    await q.add({ id: other.id, deviceId: 'd-2', event: other, queuedAt: 0 });
    const { socket, sent } = fakeSocket(okAck);
    socket.connected = false;
    const s = new RatingSender(q, 'd-1', () => {}, opts);
    s.attach(socket);
    await s.flush();
    expect(sent).toHaveLength(0);
    socket.connected = true;
    await s.flush();
    s.stop();
    expect(sent).toHaveLength(1);
    expect(await q.counts('d-2')).toEqual({ queued: 1, setAside: 0 });
  });
});
