import { useState } from 'react';
import { usePublicT as useT } from '../i18n/public';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

type Key = { k: string; label?: string; fn?: 'back' | 'clear' | 'mode'; wide?: boolean };

/**
 * A big keypad for a file code: digits with "-" and "." (codes the hub makes are digits and a dash), and a
 * second page of letters for codes from the province's software. Four rows, so it fits a landscape tablet.
 */
export function CodeKeypad({ onKey, onBack, onClear }: { onKey(k: string): void; onBack(): void; onClear(): void }) {
  const t = useT();
  const [letters, setLetters] = useState(false);
  const back: Key = { k: 'back', label: '⌫', fn: 'back' };
  const clear: Key = { k: 'clear', label: t.kiosk.clear, fn: 'clear' };
  const mode: Key = { k: 'mode', label: letters ? t.kioskInfo.digits : t.kioskInfo.letters, fn: 'mode' };
  const keys: Key[] = letters
    ? [...LETTERS.map((k) => ({ k })), { k: '-' }, { k: '.' }, mode, back, { ...clear, wide: true }]
    : [{ k: '1' }, { k: '2' }, { k: '3' }, back, { k: '4' }, { k: '5' }, { k: '6' }, { k: '-' }, { k: '7' }, { k: '8' }, { k: '9' }, { k: '.' }, mode, { k: '0' }, { ...clear, wide: true }];
  const press = (key: Key) => (key.fn === 'back' ? onBack() : key.fn === 'clear' ? onClear() : key.fn === 'mode' ? setLetters((l) => !l) : onKey(key.k));
  return (
    <div className={letters ? 'code-keypad code-keypad-letters' : 'code-keypad'}>
      {keys.map((key) => (
        <button
          key={key.k}
          type="button"
          className={'key' + (key.fn ? ' key-fn' : '') + (key.wide ? ' key-wide' : '')}
          onClick={() => press(key)}
          aria-label={key.fn === 'back' ? t.kiosk.backspace : undefined}
          aria-pressed={key.fn === 'mode' ? letters : undefined}
        >
          {key.label ?? key.k}
        </button>
      ))}
    </div>
  );
}
