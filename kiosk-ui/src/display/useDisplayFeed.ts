import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { api } from '../api';
import { displayFiguresCheck, type DisplayFigures } from '@onestop/shared';

/**
 * The public /display socket (no session: it carries only today's aggregates). Figures on every (re)connect and
 * after each change; the REST endpoint paints the first screen if the socket is slow to come up.
 */
export function useDisplayFeed(): { figures: DisplayFigures | null; connected: boolean } {
  const [figures, setFigures] = useState<DisplayFigures | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    let closed = false;
    const socket: Socket = io('/display', { transports: ['websocket', 'polling'], tryAllTransports: true });
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on('connect_error', () => setConnected(false));
    socket.on('display:figures', (f: unknown) => {
      const parsed = displayFiguresCheck.safeParse(f);
      if (parsed.success) setFigures(parsed.data);
    });
    void api<unknown>('GET', '/api/display').then((r) => {
      const parsed = r.ok ? displayFiguresCheck.safeParse(r.data) : null;
      if (!closed && parsed?.success) setFigures((cur) => cur ?? parsed.data);
    });
    return () => {
      closed = true;
      socket.disconnect();
    };
  }, []);
  return { figures, connected };
}
