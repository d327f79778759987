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
