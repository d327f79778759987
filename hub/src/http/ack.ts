/** socket.io's acknowledgement callback, as a handler receives it. */
export type AckFn = (answer: unknown) => void;

/**
 * The payload and the ack of an acknowledged event, whatever arrived. A client that emits an event with a callback
 * but no payload (`emit('rating:submit', cb)`) hands the handler its callback as the first argument: taken as the
 * payload, it would never be answered and the device would wait for a timeout and retry for ever. Here the callback
 * is found wherever it is, and the payload is then `undefined` (refused as `invalid-payload`, and answered).
 */
export function ackArgs(first: unknown, second: unknown): { payload: unknown; ack: AckFn | null } {
  if (typeof second === 'function') return { payload: first, ack: second as AckFn };
  if (typeof first === 'function') return { payload: undefined, ack: first as AckFn };
  return { payload: first, ack: null };
}

/** What answerUnknownEvents needs of a server-side socket (socket.io's Socket has all of it). */
interface ListeningSocket {
  nsp: { name: string };
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
  listeners(event: string): unknown[];
}

/**
 * An event that nothing on this namespace listens to is refused and logged, and changes nothing. Sent with an ack
 * callback it is answered `{ ok: false, reason: 'not-found' }` at once, as an unknown /api path is: otherwise the
 * sender would wait for its timeout (and a retrying sender would loop). docs/protocols/socket.md.
 */
export function answerUnknownEvents(socket: ListeningSocket, log: { warn(o: object, msg: string): void }): void {
  socket.onAny((event, ...args) => {
    if (socket.listeners(event).length > 0) return;
    const name = String(event).slice(0, 60);
    log.warn({ namespace: socket.nsp.name, event: name, reason: 'not-found' }, 'unknown socket event refused');
    const ack = args.at(-1);
    if (typeof ack === 'function') (ack as AckFn)({ ok: false, reason: 'not-found', detail: `no event "${name}" on ${socket.nsp.name}` });
  });
}
