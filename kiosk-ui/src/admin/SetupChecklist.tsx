import { useCallback, useEffect, useState } from 'react';
import type { SetupChecklist as Checklist, SetupItemKey } from '@onestop/shared';
import { useT } from '../i18n';
import { Link } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { useAdminApi } from './useAdminApi';
import './setup.css';

/** Where each item is done. */
const WHERE: Record<SetupItemKey, string> = {
  commune: '/admin/settings',
  'contact-phone': '/admin/settings',
  'sms-test': '/admin/settings',
  procedures: '/admin/procedures',
  staff: '/admin/accounts',
  counters: '/admin#counters',
  upstream: '/admin/settings',
};

function useChecklist() {
  const call = useAdminApi();
  const [list, setList] = useState<Checklist | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await call<Checklist>('GET', '/api/admin/setup');
    if (!r.ok) return setError(r.reason);
    setError(null);
    setList(r.data);
  }, [call]);
  useEffect(() => {
    void load();
  }, [load]);
  return { list, setList, error, setError, call };
}

/**
 * The first day's checklist (GET /api/admin/setup), on /admin until every item is done. Ticks come from the hub's
 * state, never from what this page remembers.
 */
export function SetupChecklist() {
  const t = useT();
  const s = t.setup;
  const { list, setList, error, setError, call } = useChecklist();
  if (error) return <ErrorText reason={error} />;
  if (!list || list.complete) return null;
  const done = list.items.filter((i) => i.done).length;

  const reviewed = async () => {
    const r = await call<Checklist>('POST', '/api/admin/setup/procedures-reviewed');
    if (!r.ok) return setError(r.reason);
    setList(r.data);
  };

  return (
    <section className="adm-card setup" data-testid="setup-checklist" aria-labelledby="setup-title">
      <h2 id="setup-title">{s.title}</h2>
      <p className="adm-meta">
        {s.intro} <strong>{s.progress(done, list.items.length)}</strong>
      </p>
      {list.heldSms > 0 ? (
        <p className="setup-held" role="alert" data-testid="setup-held">
          {s.held(list.heldSms)}
        </p>
      ) : null}
      <ol className="setup-items">
        {list.items.map((i) => {
          const fact = s.facts[i.key]?.(i.facts);
          return (
            <li key={i.key} className={i.done ? 'setup-done' : 'setup-todo'} data-testid="setup-item" data-key={i.key} data-done={i.done ? 'true' : 'false'}>
              <span className="setup-mark" aria-label={i.done ? s.done : s.todo}>
                {i.done ? '✓' : ''}
              </span>
              <span className="setup-text">
                <span>{s.items[i.key]}</span>
                {fact ? <small className="adm-meta">{fact}</small> : null}
              </span>
              {!i.done ? (
                <span className="setup-actions">
                  <Link href={WHERE[i.key]} className="adm-link-button">
                    {s.go}
                  </Link>
                  {i.key === 'procedures' ? (
                    <button type="button" className="adm-link-button" onClick={() => void reviewed()} data-testid="procedures-reviewed">
                      {s.reviewed}
                    </button>
                  ) : null}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** On the other admin pages: one line back to the list while it is not done. */
export function SetupBanner() {
  const s = useT().setup;
  const { list } = useChecklist();
  if (!list || list.complete) return null;
  return (
    <p className="setup-banner" data-testid="setup-banner">
      <Link href="/admin">{s.banner(list.items.filter((i) => i.done).length, list.items.length)}</Link>
    </p>
  );
}
