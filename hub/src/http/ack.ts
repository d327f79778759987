/** socket.io's acknowledgement callback, as a handler receives it. */
export type AckFn = (answer: unknown) => void;

/** What an acknowledged event's arguments come to: at most one payload, and the callback if there is one. */
export interface AckedArgs {
  payload: unknown;
  ack: AckFn | null;
  /** set when the arguments are not "one payload, then the callback": the handler answers `invalid-payload` with it */
  refused: string | null;
}

/**
 * The payload and the ack of an acknowledged event, whatever arrived. socket.io hands the callback to the handler as
 * the last argument, after however many the client sent: `emit('rating:submit', cb)` puts it first,
 * `emit('rating:submit', payload, extra, cb)` third. The callback is taken from the end (as answerUnknownEvents does),
 * so every such call is answered and no device waits for a timeout and retries for ever. No payload is `undefined`
 * (refused by the schema as `invalid-payload`); more than one payload argument is refused as `invalid-payload` too,
 * rather than guessing which one was meant. Every acknowledged handler on every namespace reads its arguments here
 * (`socket.on(event, (...args) => ackArgs(args))`; tests/hub-socket.test.ts walks the tree for it).
 */
export function ackArgs(args: readonly unknown[]): AckedArgs {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as AckFn) : null;
  const payloads = ack ? args.slice(0, -1) : args;
  if (payloads.length > 1) return { payload: undefined, ack, refused: `expected one payload argument, got ${payloads.length}` };
  return { payload: payloads[0], ack, refused: null };
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
