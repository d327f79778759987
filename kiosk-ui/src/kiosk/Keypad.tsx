import { usePublicT as useT } from '../i18n/public';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

/** A big on-screen numeric keypad: no keyboard needed on a touchscreen. */
export function Keypad({ onDigit, onClear, onBack, disabled }: { onDigit(d: string): void; onClear(): void; onBack(): void; disabled?: boolean }) {
  const t = useT();
  return (
    <div className="keypad">
      {KEYS.map((k) =>
        k === 'clear' ? (
          <button key={k} type="button" className="key key-fn" onClick={onClear} disabled={disabled}>
            {t.kiosk.clear}
          </button>
        ) : k === 'back' ? (
          <button key={k} type="button" className="key key-fn" onClick={onBack} disabled={disabled} aria-label={t.kiosk.backspace} title={t.kiosk.backspace}>
            ⌫
          </button>
        ) : (
          <button key={k} type="button" className="key" onClick={() => onDigit(k)} disabled={disabled}>
            {k}
          </button>
        ),
      )}
    </div>
  );
}
