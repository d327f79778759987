import { forwardRef, useId, useState } from 'react';
import { normalizeVnMobile } from '@onestop/shared';
import { useT } from '../i18n';
import { formatPhone } from '../ui/format';

/** The check the hub makes, made while typing: a wrong number is caught at the counter, not at send time. */
export function phoneProblem(value: string): 'phone-invalid' | 'phone-not-mobile' | null {
  if (!value.trim()) return 'phone-invalid';
  const r = normalizeVnMobile(value);
  return r.ok ? null : r.reason;
}

/**
 * The citizen's mobile. Says what is wrong as soon as the number is long enough to judge (or the field is left),
 * and shows the number as it will be stored when it is right.
 */
export const PhoneField = forwardRef<HTMLInputElement, { value: string; onChange(v: string): void; showError: boolean }>(function PhoneField(
  { value, onChange, showError },
  ref,
) {
  const t = useT();
  const id = useId();
  const [left, setLeft] = useState(false);
  const r = normalizeVnMobile(value);
  const digits = value.replace(/\D/g, '').length;
  const judge = showError || left || digits >= 10;
  const problem = value.trim() && judge && !r.ok ? r.reason : !value.trim() && showError ? 'phone-invalid' : null;
  return (
    <div className="cnt-field">
      <label htmlFor={id}>{t.counter.phone}</label>
      <input
        ref={ref}
        id={id}
        name="phone"
        type="tel"
        inputMode="tel"
        autoComplete="off"
        placeholder="0912 345 678"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => setLeft(true)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-msg`}
      />
      <small id={`${id}-msg`} className={problem ? 'field-error' : r.ok ? 'field-ok' : undefined} data-testid="phone-message" data-reason={problem ?? undefined}>
        {problem ? t.counter.phoneProblem[problem] : r.ok ? t.counter.phoneOk(formatPhone(r.e164)) : t.counter.phoneHint}
      </small>
    </div>
  );
});
