import { useEffect, useId, useState } from 'react';
import { isWorkingDay, weekday, type WorkCalendar } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';
import { formatDay, parseDayVi } from './format';

/**
 * A date typed dd/mm/yyyy, whatever the browser's locale (a date picker would show mm/dd/yyyy on an English
 * Windows). Shows the weekday, and warns when the day is not a working day of the calendar.
 */
export function DayField({
  label,
  value,
  onChange,
  calendar,
  name,
  hint,
  required,
}: {
  label: string;
  /** YYYY-MM-DD, or '' */
  value: string;
  onChange(day: string): void;
  calendar?: WorkCalendar;
  name?: string;
  hint?: string;
  required?: boolean;
}) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState(formatDay(value));
  // a new value from outside (the hub's proposal) replaces what was typed, unless it is the same day or the
  // person is half-way through typing one (which reports '')
  useEffect(() => {
    setText((cur) => {
      const typed = parseDayVi(cur);
      if (typed === value || (value === '' && typed === null)) return cur;
      return formatDay(value);
    });
  }, [value]);
  const parsed = parseDayVi(text);
  const bad = text.trim() !== '' && parsed === null;
  const offDay = parsed && calendar && !isWorkingDay(parsed, calendar);
  return (
    <div className="day-field">
      <label htmlFor={id}>{label}</label>
      <div className="day-field-row">
        <input
          id={id}
          name={name}
          inputMode="numeric"
          placeholder={t.datePlaceholder}
          autoComplete="off"
          value={text}
          required={required}
          aria-invalid={bad || undefined}
          onChange={(e) => {
            setText(e.target.value);
            const d = parseDayVi(e.target.value);
            onChange(d ?? '');
          }}
        />
        {parsed ? <span className="day-field-weekday">{t.weekdays[weekday(parsed)]}</span> : null}
      </div>
      {bad ? <small className="field-error">{t.dateFormatHint}</small> : null}
      {offDay ? <small className="field-warn">{t.notWorkingDay}</small> : null}
      {hint && !bad && !offDay ? <small>{hint}</small> : null}
    </div>
  );
}
