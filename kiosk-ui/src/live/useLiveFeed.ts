import { useEffect, useReducer, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { localDay, type HubToLive, type LiveSnapshot } from '@onestop/shared';
import { api } from '../api';
import { useAdminSession } from '../admin/session';
import { knowsCounter, liveReducer } from './liveState';

export interface LiveFeed {
  snapshot: LiveSnapshot | null;
  connected: boolean;
}

/**
 * socket.io /live (the admin cookie authenticates it): a snapshot on every (re)connect, then ratings and presence.
 * An update for a counter created since the snapshot, or a new day, fetches a fresh one.
 */
export function useLiveFeed(): LiveFeed {
  const session = useAdminSession();
  const [snapshot, dispatch] = useReducer(liveReducer, null);
  const [connected, setConnected] = useState(false);
  const current = useRef(snapshot);
  current.current = snapshot;

  useEffect(() => {
    let closed = false;
    const socket: Socket<HubToLive> = io('/live', { transports: ['websocket', 'polling'], tryAllTransports: true, withCredentials: true });
    const refetch = async () => {
      const res = await api<LiveSnapshot>('GET', '/api/admin/live');
      if (closed) return;
      if (res.ok) dispatch({ type: 'snapshot', snapshot: res.data });
      else if (res.reason === 'unauthorized') session.expired();
    };
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on('connect_error', (err) => {
      setConnected(false);
      const reason = (err as Error & { data?: { reason?: string } }).data?.reason ?? err.message;
      if (reason === 'unauthorized') session.expired();
    });
    socket.on('live:snapshot', (s) => dispatch({ type: 'snapshot', snapshot: s }));
    socket.on('live:rating', (r) => {
      if (knowsCounter(current.current, r.counterId)) dispatch({ type: 'rating', rating: r });
      else void refetch();
    });
    socket.on('live:presence', (p) => {
      if (knowsCounter(current.current, p.counterId)) dispatch({ type: 'presence', presence: p });
      else void refetch();
    });
    // past midnight with nothing happening, today's page would still show yesterday
    const dayCheck = setInterval(() => {
      const s = current.current;
      if (s && localDay(Date.now()) > s.day) void refetch();
    }, 60_000);
    return () => {
      closed = true;
      clearInterval(dayCheck);
      socket.disconnect();
    };
  }, [session]);

  return { snapshot, connected };
}
