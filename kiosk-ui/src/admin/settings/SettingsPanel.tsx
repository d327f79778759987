import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { SETTING_GROUPS, SMS_GATEWAYS, type SettingView } from '@onestop/shared';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';
import { TestSmsForm } from '../sms/TestSmsForm';
import { ZnsPanel } from './ZnsPanel';
import { Typed } from '../../ui/Typed';
import './settings.css';

/** Which settings of the SMS group apply to the chosen gateway: a provider's own ("sms.esms.…") only for it. */
const shownFor = (key: string, gateway: string) => {
  const own = /^sms\.([a-z]+)\./.exec(key);
  return !own || own[1] === gateway;
};

/** Settings whose value is a number. */
const NUMERIC = new Set(['retention.days', 'sms.pricePerSegment', 'sms.undoSeconds']);

/** Settings whose value is a time of day (HH:MM), edited with the browser's time field. */
const TIME_OF_DAY = new Set(['commune.returnTime']);

/**
 * /admin/settings: the commune's identity, upstream, retention and the SMS gateway. Only what the admin changed is
 * sent; a secret left empty is kept, "Clear" removes it. A locked value (environment, config file) is shown, not editable.
 */
export function SettingsPanel() {
  const t = useT();
  const s = t.settings;
  const call = useAdminApi();
  const [list, setList] = useState<SettingView[] | null>(null);
  const [draft, setDraft] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<{ reason: string; detail?: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const r = await call<SettingView[]>('GET', '/api/admin/settings');
    if (!r.ok) return setError({ reason: r.reason });
    setList(r.data);
  }, [call]);
  useEffect(() => void load(), [load]);

  if (!list) return error ? <ErrorText reason={error.reason} /> : <p>{t.loading}</p>;

  const current = (v: SettingView): string | null => (v.key in draft ? (draft[v.key] ?? null) : v.secret ? '' : v.value === null ? '' : String(v.value));
  const gateway = String(draft['sms.gateway'] ?? list.find((v) => v.key === 'sms.gateway')?.value ?? 'console');

  const change = (key: string, value: string | null) => {
    setDone(null);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const values: Record<string, string | number | null> = {};
    for (const v of list) {
      if (!(v.key in draft)) continue;
      const d = draft[v.key]!;
      if (v.secret && d === '') continue; // left empty: keep the secret
      if (d === null) values[v.key] = null;
      else if (typeof v.value === 'number' || NUMERIC.has(v.key)) values[v.key] = d.trim() === '' ? null : Number(d);
      else values[v.key] = d.trim() === '' ? null : d.trim();
    }
    if (Object.keys(values).length === 0) return setDone(s.nothingChanged);
    setBusy(true);
    setError(null);
    const r = await call<SettingView[]>('PUT', '/api/admin/settings', { values });
    setBusy(false);
    if (!r.ok) return setError({ reason: r.reason, detail: r.detail });
    setList(r.data);
    setDraft({});
    setDone(s.saved);
  };

  return (
    <div className="adm-columns">
      <form className="adm-list settings-form" onSubmit={(e) => void submit(e)} data-testid="settings-form">
        <p className="adm-meta">{s.intro}</p>
        {SETTING_GROUPS.map((g) => (
          <fieldset key={g} className="adm-card settings-group" data-group={g}>
            <legend>{s.groups[g]}</legend>
            {list
              .filter((v) => v.group === g && (g !== 'sms' || shownFor(v.key, gateway)))
              .map((v) => (
                <SettingField key={v.key} view={v} value={current(v)} onChange={(val) => change(v.key, val)} />
              ))}
          </fieldset>
        ))}
        {error ? (
          <div>
            <ErrorText reason={error.reason} />
            {error.detail ? <p className="adm-meta" data-testid="settings-error-detail">{error.detail}</p> : null}
          </div>
        ) : null}
        {done ? (
          <p className="adm-ok" role="status">
            {done}
          </p>
        ) : null}
        <button type="submit" className="adm-primary" disabled={busy}>
          {busy ? s.saving : s.save}
        </button>
      </form>
      <aside>
        <TestSmsForm />
        <ZnsPanel />
      </aside>
    </div>
  );
}

function SettingField({ view: v, value, onChange }: { view: SettingView; value: string | null; onChange(v: string | null): void }) {
  const s = useT().settings;
  const id = `setting-${v.key.replace(/\./g, '-')}`;
  const label = s.labels[v.key] ?? v.key;
  const hint = s.hints[v.key];
  const lockText = v.locked ? s.locked[v.source] ?? s.locked.env : null;
  return (
    <div className="adm-field" data-testid="setting" data-key={v.key} data-locked={v.locked ? 'true' : 'false'}>
      <label htmlFor={id}>
        <span>
          <Typed text={label} />
        </span>
      </label>
      {v.key === 'sms.gateway' ? (
        <select id={id} value={value ?? 'console'} disabled={v.locked} onChange={(e) => onChange(e.target.value)}>
          {SMS_GATEWAYS.map((g) => (
            <option key={g} value={g}>
              {s.gateways[g]}
            </option>
          ))}
        </select>
      ) : v.key === 'zns.enabled' ? (
        <select id={id} value={value ?? 'off'} disabled={v.locked} onChange={(e) => onChange(e.target.value)}>
          {(['on', 'off'] as const).map((o) => (
            <option key={o} value={o}>
              {s.onOff[o]}
            </option>
          ))}
        </select>
      ) : v.secret ? (
        <div className="settings-secret">
          <input id={id} type="password" autoComplete="new-password" value={value ?? ''} disabled={v.locked || value === null} placeholder={s.secretPlaceholder} onChange={(e) => onChange(e.target.value)} />
          <small data-testid="secret-state">{value === null ? s.clearQueued : v.isSet ? s.secretSet : s.secretNotSet}</small>
          {v.isSet && !v.locked && value !== null ? (
            <button type="button" className="adm-link-button" onClick={() => onChange(null)}>
              {s.clear}
            </button>
          ) : null}
        </div>
      ) : (
        <input
          id={id}
          type={NUMERIC.has(v.key) ? 'number' : TIME_OF_DAY.has(v.key) ? 'time' : 'text'}
          value={value ?? ''}
          disabled={v.locked}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {lockText ? (
        <small className="settings-locked" data-testid="locked">
          🔒 {lockText}
        </small>
      ) : v.source === 'default' && v.value !== null ? (
        <small>{s.fromDefault}</small>
      ) : null}
      {hint ? (
        <small>
          <Typed text={hint} />
        </small>
      ) : null}
    </div>
  );
}
