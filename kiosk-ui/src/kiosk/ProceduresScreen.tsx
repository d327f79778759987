import { useMemo } from 'react';
import type { ProcedureView } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';
import { ErrorText } from '../ui/ErrorText';
import { feeText, processingText } from '../ui/procedureText';
import { InfoScreen } from './InfoScreen';
import { UpdatedAt } from './UpdatedAt';
import { useKeptInfo } from './useKeptInfo';

/** The procedures done here, by field, with their legal time and fee (niêm yết thủ tục hành chính). */
export function ProceduresScreen({ onClose }: { onClose(): void }) {
  const t = useT();
  const { data: list, savedAt, stale, error } = useKeptInfo<ProcedureView[]>('/api/public/procedures');
  const byField = useMemo(() => {
    const m = new Map<string, ProcedureView[]>();
    for (const p of list ?? []) m.set(p.field, [...(m.get(p.field) ?? []), p]);
    return [...m.entries()];
  }, [list]);
  return (
    <InfoScreen title={t.kioskInfo.proceduresTitle} onClose={onClose} testId="procedures-screen">
      <ErrorText reason={error} />
      <UpdatedAt savedAt={savedAt} stale={stale} />
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
                  <td>
                    {p.name}
                    {p.documents?.length ? (
                      <div className="proc-docs" data-testid="kiosk-procedure-documents">
                        <span className="proc-docs-title">{t.kioskInfo.procDocuments}:</span>
                        <ol>
                          {p.documents.map((d, i) => (
                            <li key={i}>{d}</li>
                          ))}
                        </ol>
                      </div>
                    ) : null}
                  </td>
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
