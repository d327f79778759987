import { useEffect, useMemo, useState } from 'react';
import type { ProcedureView } from '@onestop/shared';
import { api } from '../api';
import { usePublicT as useT } from '../i18n/public';
import { ErrorText } from '../ui/ErrorText';
import { feeText, processingText } from '../ui/procedureText';
import { InfoScreen } from './InfoScreen';

/** The procedures done here, by field, with their legal time and fee (niêm yết thủ tục hành chính). */
export function ProceduresScreen({ onClose }: { onClose(): void }) {
  const t = useT();
  const [list, setList] = useState<ProcedureView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<ProcedureView[]>('GET', '/api/public/procedures').then((r) => (r.ok ? setList(r.data) : setError(r.reason)));
  }, []);
  const byField = useMemo(() => {
    const m = new Map<string, ProcedureView[]>();
    for (const p of list ?? []) m.set(p.field, [...(m.get(p.field) ?? []), p]);
    return [...m.entries()];
  }, [list]);
  return (
    <InfoScreen title={t.kioskInfo.proceduresTitle} onClose={onClose} testId="procedures-screen">
      <ErrorText reason={error} />
      {list === null && !error ? <p className="info-loading">{t.loading}</p> : null}
      {list?.length === 0 ? <p className="info-loading">{t.kioskInfo.noProcedures}</p> : null}
      {byField.map(([field, ps]) => (
        <section key={field} className="proc-group">
          <h2>{field}</h2>
          <table className="proc-table">
            <thead>
              <tr>
                <th>{t.kioskInfo.procName}</th>
                <th>{t.kioskInfo.procTime}</th>
                <th>{t.kioskInfo.procFee}</th>
              </tr>
            </thead>
            <tbody>
              {ps.map((p) => (
                <tr key={p.code} data-testid="kiosk-procedure">
                  <td>{p.name}</td>
                  <td>{processingText(t, p.processingDays)}</td>
                  <td>{feeText(t, p.fee)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </InfoScreen>
  );
}
