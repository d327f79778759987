import { formatTimeVi, type LiveCounter } from '@onestop/shared';
import { useT } from '../i18n';
import { ScoreBars } from './ScoreBars';
import { DevicePresenceItem } from './DevicePresenceItem';
import { satisfactionPct } from './liveState';
import './live.css';

export function Figures({ total, flagged, pct }: { total: number; flagged: number; pct: number | null }) {
  const t = useT();
  return (
    <dl className="figures">
      <div>
        <dt>{t.live.total}</dt>
        <dd data-testid="total">{total}</dd>
      </div>
      <div title={t.live.satisfactionHint}>
        <dt>{t.live.satisfaction}</dt>
        <dd data-testid="satisfaction">{pct === null ? t.live.noValue : `${pct}%`}</dd>
      </div>
      <div title={t.live.flaggedHint}>
        <dt>{t.live.flagged}</dt>
        <dd data-testid="flagged">{flagged}</dd>
      </div>
    </dl>
  );
}

export function LiveCounterCard({ counter }: { counter: LiveCounter }) {
  const t = useT();
  return (
    <article className="adm-card live-counter" data-testid="live-counter" data-counter-id={counter.id}>
      <header>
        <h2>{counter.name}</h2>
        {counter.lastRatingAt ? <p className="adm-meta">{t.live.lastRating(formatTimeVi(counter.lastRatingAt))}</p> : null}
      </header>
      <Figures total={counter.total} flagged={counter.flagged} pct={satisfactionPct(counter)} />
      <ScoreBars byScore={counter.byScore} total={counter.total} />
      <h3>{t.live.devices}</h3>
      {counter.devices.length === 0 ? <p className="adm-empty">{t.live.noDevices}</p> : null}
      <ul className="live-devices">
        {counter.devices.map((d) => (
          <DevicePresenceItem key={d.deviceId} device={d} />
        ))}
      </ul>
    </article>
  );
}
