import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useT } from '../../i18n';
import { Link } from '../../router';
import './ops.css';

/**
 * The number of open alerts in the admin pages' header, live: /live (admin-only) sends `alerts:count` on connect and
 * at every change. Nothing is shown while there is none.
 */
export function AlertBadge() {
  const t = useT().ops;
  const [count, setCount] = useState(0);
  useEffect(() => {
    const socket: Socket = io('/live', { transports: ['websocket', 'polling'], tryAllTransports: true, withCredentials: true });
    socket.on('alerts:count', (n: unknown) => {
      if (typeof n === 'number') setCount(n);
    });
    return () => {
      socket.disconnect();
    };
  }, []);
  if (count === 0) return null;
  return (
    <Link href="/admin/ops" className="ops-badge" title={t.badgeTitle} data-testid="alert-badge" data-count={count}>
      {t.badge(count)}
    </Link>
  );
}
