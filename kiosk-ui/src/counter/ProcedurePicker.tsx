import { forwardRef, useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { ProcedureView } from '@onestop/shared';
import { useT } from '../i18n';
import { fold } from '../ui/format';
import { procedureMeta } from '../ui/procedureText';

const MAX_SHOWN = 50;

/** Every word typed must be found in the name, code or field, with or without diacritics. */
function matches(p: ProcedureView, words: string[]): boolean {
  const hay = fold(`${p.name} ${p.code} ${p.field}`);
  return words.every((w) => hay.includes(w));
}

/**
 * A searchable list of procedures (combobox): type a few letters ("khai sinh", "ks", a code), arrows to move,
 * Enter to choose. Enter never submits the form from here.
 */
export const ProcedurePicker = forwardRef<HTMLInputElement, { procedures: ProcedureView[]; value: string; onChange(code: string): void; onPicked?(): void }>(
  function ProcedurePicker({ procedures, value, onChange, onPicked }, ref) {
    const t = useT();
    const id = useId();
    const chosen = procedures.find((p) => p.code === value) ?? null;
    const [query, setQuery] = useState('');
    const [open, setOpen] = useState(false);
    const [active, setActive] = useState(0);

    const shown = useMemo(() => {
      const words = fold(query).split(/\s+/).filter(Boolean);
      return procedures.filter((p) => matches(p, words)).slice(0, MAX_SHOWN);
    }, [procedures, query]);

    const pick = (p: ProcedureView) => {
      onChange(p.code);
      setQuery('');
      setOpen(false);
      onPicked?.();
    };

    const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setOpen(true);
        setActive((a) => Math.min(shown.length - 1, a + 1));
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => Math.max(0, a - 1));
      } else if (e.key === 'Enter') {
        e.preventDefault();
        const p = open ? shown[active] : undefined;
        if (p) pick(p);
        else if (chosen) onPicked?.();
        else setOpen(true);
      } else if (e.key === 'Escape') {
        setOpen(false);
      }
    };

    const listId = `${id}-list`;
    return (
      <div className="picker">
        <label htmlFor={id}>{t.counter.procedure}</label>
        <input
          ref={ref}
          id={id}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && shown[active] ? `${listId}-${active}` : undefined}
          autoComplete="off"
          placeholder={t.counter.procedureSearch}
          value={open ? query : (chosen?.name ?? query)}
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
            if (chosen) onChange('');
          }}
          onKeyDown={onKey}
          onBlur={() => setOpen(false)}
          onClick={() => setOpen(true)}
          data-testid="procedure-input"
        />
        {chosen && !open ? <small className="picker-chosen">{procedureMeta(t, chosen)}</small> : null}
        {open ? (
          <ul className="picker-list" id={listId} role="listbox" aria-label={t.counter.procedure}>
            {shown.length === 0 ? <li className="picker-none">{t.counter.noProcedureFound}</li> : null}
            {shown.map((p, i) => (
              <li
                key={p.code}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                // mousedown, not click: the input's blur would close the list first
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(p);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span>{p.name}</span>
                <small>{procedureMeta(t, p)}</small>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  },
);
