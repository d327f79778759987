/**
 * Baseline A's server: a bare socket.io server, configured like the hub's (same socket.io, same engine options,
 * the same /device namespace with a handshake-auth middleware), whose `rating:submit` handler acknowledges at once
 * and stores nothing. Run as its own process by scripts/bench/ratings.ts; prints `PORT <n>` when it listens and
 * exits on SIGTERM or when its parent goes away (stdin closes).
 */
import http from 'node:http';
import { Server } from 'socket.io';
import { MAX_SOCKET_MESSAGE_BYTES } from '@onestop/shared';

const server = http.createServer((_req, res) => {
  res.statusCode = 404;
  res.end();
});
const io = new Server(server, {
  maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
  serveClient: false,
  pingInterval: 10_000,
  pingTimeout: 10_000,
});
const nsp = io.of('/device');
nsp.use((socket, next) => {
  // the hub looks the token up; here any string will do
  if (typeof (socket.handshake.auth as { token?: unknown }).token === 'string') return next();
  next(Object.assign(new Error('unauthorized'), { data: { reason: 'unauthorized' } }));
});
nsp.on('connection', (socket) => {
  socket.on('rating:submit', (e: { id?: unknown }, ack: unknown) => {
    if (typeof ack === 'function') ack({ ok: true, data: { id: String(e?.id ?? ''), duplicate: false, flagged: false, score: 5 } });
  });
});

server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`PORT ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});

const stop = () => {
  io.close();
  server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// the parent holds our stdin open; when it dies without a word, we go too
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
