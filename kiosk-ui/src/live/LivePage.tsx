import { dayBounds, formatDateVi } from '@onestop/shared';
import { useT } from '../i18n';
import { AdminGate } from '../admin/session';
import { AdminShell } from '../admin/AdminShell';
import { useLiveFeed } from './useLiveFeed';
import { Figures, LiveCounterCard } from './LiveCounterCard';
import { satisfactionPct, sumCounters } from './liveState';
import './live.css';

/** /admin/live: today's ratings per counter and each device's presence, updated as they happen. */
export function LivePage() {
  const t = useT();
  return (
    <AdminGate>
      <AdminShell title={t.live.title}>
        <LiveBoard />
      </AdminShell>
    </AdminGate>
  );
}

function LiveBoard() {
  const t = useT();
  const { snapshot, connected } = useLiveFeed();
  if (!snapshot) return <p className="adm-loading">{t.live.connecting}</p>;
  const all = sumCounters(snapshot.counters);
  return (
    <div className="live" data-testid="live-board" data-day={snapshot.day}>
      <div className="live-bar">
        <p className="live-day">{t.live.today(formatDateVi(dayBounds(snapshot.day).start))}</p>
        {!connected ? (
          <p className="live-offline" role="status">
            {t.live.reconnecting}
          </p>
        ) : null}
      </div>
      {snapshot.counters.length === 0 ? (
        <p className="adm-empty">{t.live.noCounters}</p>
      ) : (
        <>
          {snapshot.counters.length > 1 ? (
            <section className="adm-card live-all" data-testid="live-all">
              <h2>{t.live.allCounters}</h2>
              <Figures total={all.total} flagged={all.flagged} pct={satisfactionPct(all)} />
            </section>
          ) : null}
          <div className="live-grid">
            {snapshot.counters.map((c) => (
              <LiveCounterCard key={c.id} counter={c} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
