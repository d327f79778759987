import { useState } from 'react';
import { usePublicT as useT } from '../../i18n/public';
import { backspace, markKey, toneKey, typeKey, type Mark, type Tone } from './telex';

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const TONES: { tone: Tone; face: string }[] = [
  { tone: 'acute', face: 'á' },
  { tone: 'grave', face: 'à' },
  { tone: 'hook', face: 'ả' },
  { tone: 'tilde', face: 'ã' },
  { tone: 'dot', face: 'ạ' },
];
const MARKS: { mark: Mark | 'stroke'; face: string }[] = [
  { mark: 'circumflex', face: 'â ê ô' },
  { mark: 'breve', face: 'ă' },
  { mark: 'horn', face: 'ơ ư' },
  { mark: 'stroke', face: 'đ' },
];

/**
 * A Vietnamese keyboard inside the page, for the kiosk's comment field: letters compose Telex (./telex.ts), and a row
 * of tone and mark keys puts a diacritic on the last word for those who do not type Telex. The first letter of the
 * text is a capital; ⇧ makes the next one a capital.
 */
export function VietKeyboard({ value, onChange, maxLength }: { value: string; onChange(v: string): void; maxLength: number }) {
  const t = useT();
  const [shift, setShift] = useState(false);
  const put = (next: string) => {
    if ([...next].length <= maxLength) onChange(next);
  };
  const letter = (k: string) => {
    const upper = shift || value.trim() === '';
    put(typeKey(value, upper ? k.toUpperCase() : k));
    setShift(false);
  };
  return (
    <div className="vkb" data-testid="vkb" role="group" aria-label={t.kiosk.keyboard.label}>
      <div className="vkb-row vkb-marks">
        {TONES.map(({ tone, face }) => (
          <button key={tone} type="button" className="vkb-key vkb-mark" data-key={tone} aria-label={t.kiosk.keyboard.tones[tone]} onClick={() => onChange(toneKey(value, tone))}>
            {face}
          </button>
        ))}
        {MARKS.map(({ mark, face }) => (
          <button key={mark} type="button" className="vkb-key vkb-mark" data-key={mark} aria-label={t.kiosk.keyboard.marks[mark]} onClick={() => onChange(markKey(value, mark))}>
            {face}
          </button>
        ))}
      </div>
      {ROWS.map((row, i) => (
        <div key={row} className="vkb-row">
          {i === 2 ? (
            <button type="button" className={'vkb-key vkb-wide' + (shift ? ' vkb-on' : '')} data-key="shift" aria-pressed={shift} aria-label={t.kiosk.keyboard.shift} onClick={() => setShift((s) => !s)}>
              ⇧
            </button>
          ) : null}
          {[...row].map((k) => (
            <button key={k} type="button" className="vkb-key" data-key={k} onClick={() => letter(k)}>
              {shift || value.trim() === '' ? k.toUpperCase() : k}
            </button>
          ))}
          {i === 2 ? (
            <button type="button" className="vkb-key vkb-wide" data-key="backspace" aria-label={t.kiosk.keyboard.backspace} onClick={() => onChange(backspace(value))}>
              ⌫
            </button>
          ) : null}
        </div>
      ))}
      <div className="vkb-row">
        <button type="button" className="vkb-key vkb-space" data-key="space" onClick={() => put(value + ' ')}>
          {t.kiosk.keyboard.space}
        </button>
        {['.', ','].map((k) => (
          <button key={k} type="button" className="vkb-key" data-key={k} onClick={() => put(value + k)}>
            {k}
          </button>
        ))}
      </div>
    </div>
  );
}
