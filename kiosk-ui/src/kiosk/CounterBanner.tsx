import type { DeviceDuty } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';

/**
 * The top of the rating screen, as on rating tablets in Vietnamese offices: the counter's name, large, and the clerk
 * on duty there (photo, name, title), so the citizen knows whom they are rating.
 */
export function CounterBanner({ counterName, onDuty }: { counterName: string; onDuty: DeviceDuty['onDuty'] }) {
  const t = useT();
  return (
    <section className="counter-banner" data-testid="counter-banner">
      <h2 className="counter-banner-name" data-testid="counter-name">
        {counterName}
      </h2>
      {onDuty ? (
        <div className="clerk" data-testid="clerk-on-duty">
          {onDuty.photo ? <img className="clerk-photo" src={`data:${onDuty.photo.type};base64,${onDuty.photo.base64}`} alt={onDuty.name} data-testid="clerk-photo" /> : null}
          <div className="clerk-text">
            <span className="clerk-label">{t.kiosk.onDuty}</span>
            <span className="clerk-name" data-testid="clerk-name">
              {onDuty.name}
            </span>
            {onDuty.title ? (
              <span className="clerk-title" data-testid="clerk-title">
                {onDuty.title}
              </span>
            ) : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}
