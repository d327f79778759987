import { useState, type FormEvent } from 'react';
import { DEFAULT_BUTTON_MAPS, MAX_BUTTONS, MIN_BUTTONS, checkScale, type ButtonCount } from '@onestop/shared';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { useAdminApi } from './useAdminApi';
import type { AdminDeviceView } from '@onestop/shared';

const BUTTON_CHOICES = Array.from({ length: MAX_BUTTONS - MIN_BUTTONS + 1 }, (_, i) => MIN_BUTTONS + i);
const SCORES = [5, 4, 3, 2, 1];

/** A paired device's label, scale (2–5 buttons and what each means) and minimum interval between presses. */
export function DeviceEditForm({ device, onDone }: { device: AdminDeviceView; onDone(changed: boolean): void }) {
  const t = useT();
  const e = t.counterEdit;
  const call = useAdminApi();
  const [label, setLabel] = useState(device.label ?? '');
  const [buttons, setButtons] = useState<number>(device.scale?.buttons ?? 4);
  const [map, setMap] = useState<number[]>(device.scale?.map ?? [...DEFAULT_BUTTON_MAPS[4]]);
  const [minIntervalS, setMinIntervalS] = useState(String(device.minIntervalS ?? 3));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const scaleProblem = checkScale({ buttons, map });

  const chooseButtons = (n: number) => {
    setButtons(n);
    setMap([...DEFAULT_BUTTON_MAPS[n as ButtonCount]]);
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (scaleProblem) return;
    const body: Record<string, unknown> = { scale: { buttons, map }, minIntervalS: Number(minIntervalS) };
    if (label.trim()) body.label = label.trim();
    setBusy(true);
    const r = await call<unknown>('PATCH', `/api/admin/devices/${encodeURIComponent(device.deviceId)}`, body);
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    onDone(true);
  };

  return (
    <form className="adm-card device-edit" onSubmit={(ev) => void submit(ev)} data-testid="device-edit">
      <h4>{e.editDevice}</h4>
      <label className="adm-field">
        <span>{e.label}</span>
        <input name="label" maxLength={60} value={label} onChange={(ev) => setLabel(ev.target.value)} />
      </label>
      <label className="adm-field">
        <span>{e.buttons}</span>
        <select name="buttons" value={buttons} onChange={(ev) => chooseButtons(Number(ev.target.value))}>
          {BUTTON_CHOICES.map((n) => (
            <option key={n} value={n}>
              {t.admin.buttonsOption(n)}
            </option>
          ))}
        </select>
      </label>
      {map.map((score, i) => (
        <label className="adm-field" key={i}>
          <span>{e.buttonScore(i + 1)}</span>
          <select name={`button-${i + 1}`} value={score} onChange={(ev) => setMap((m) => m.map((s, j) => (j === i ? Number(ev.target.value) : s)))}>
            {SCORES.map((s) => (
              <option key={s} value={s}>
                {s} – {t.scores[s as 1 | 2 | 3 | 4 | 5]}
              </option>
            ))}
          </select>
        </label>
      ))}
      <small className={scaleProblem ? 'field-error' : 'adm-meta'}>{e.mapHint}</small>
      <label className="adm-field">
        <span>{e.minInterval}</span>
        <input name="minIntervalS" type="number" min={0} max={600} step="any" required value={minIntervalS} onChange={(ev) => setMinIntervalS(ev.target.value)} />
      </label>
      <ErrorText reason={error} />
      <div className="adm-row-actions">
        <button type="button" className="adm-link-button" onClick={() => onDone(false)}>
          {e.cancel}
        </button>
        <button type="submit" className="adm-primary" disabled={busy || !!scaleProblem}>
          {e.save}
        </button>
      </div>
    </form>
  );
}
