import { usePublicT as useT } from '../i18n/public';
import type { QueueCounts } from './queue';

/** For staff only: a small dot in the corner (green online, grey offline) and the number of ratings waiting. */
export function StatusDot({ online, counts }: { online: boolean; counts: QueueCounts }) {
  const t = useT();
  const title = [
    online ? t.kiosk.statusOnline : t.kiosk.statusOffline,
    counts.queued > 0 ? t.kiosk.queued(counts.queued) : null,
    counts.setAside > 0 ? t.kiosk.setAside(counts.setAside) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <div
      className={'status ' + (online ? 'status-online' : 'status-offline')}
      data-testid="kiosk-status"
      data-online={online}
      data-queued={counts.queued}
      data-set-aside={counts.setAside}
      title={title}
      aria-label={title}
    >
      <span className="status-dot" />
      {counts.queued > 0 ? <span className="status-count">{counts.queued}</span> : null}
      {counts.setAside > 0 ? <span className="status-aside">!{counts.setAside}</span> : null}
    </div>
  );
}
