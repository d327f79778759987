import { usePublicT as useT } from '../i18n/public';

export type InfoScreenName = 'lookup' | 'procedures' | 'contacts';

const SCREENS: InfoScreenName[] = ['lookup', 'procedures', 'contacts'];

/** Below the rating buttons, smaller than them: the kiosk's public information (công khai, minh bạch). */
export function InfoBar({ onOpen }: { onOpen(s: InfoScreenName): void }) {
  const t = useT();
  return (
    <nav className="info-bar" aria-label={t.kioskInfo.barLabel}>
      {SCREENS.map((s) => (
        <button key={s} type="button" className={`info-button info-${s}`} onClick={() => onOpen(s)} data-testid={`info-${s}`}>
          <InfoIcon name={s} />
          {t.kioskInfo.open[s]}
        </button>
      ))}
    </nav>
  );
}

/** Simple line pictures: a magnifier, a list, a telephone handset. */
function InfoIcon({ name }: { name: InfoScreenName }) {
  const common = { width: '1.6em', height: '1.6em', viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2.2, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const, 'aria-hidden': true };
  if (name === 'lookup')
    return (
      <svg {...common}>
        <circle cx="10.5" cy="10.5" r="6.5" />
        <path d="M15.5 15.5 21 21" />
      </svg>
    );
  if (name === 'procedures')
    return (
      <svg {...common}>
        <path d="M8 6h12M8 12h12M8 18h12" />
        <circle cx="4" cy="6" r="1" />
        <circle cx="4" cy="12" r="1" />
        <circle cx="4" cy="18" r="1" />
      </svg>
    );
  return (
    <svg {...common}>
      <path d="M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 5a2 2 0 0 1 2-2" />
    </svg>
  );
}
