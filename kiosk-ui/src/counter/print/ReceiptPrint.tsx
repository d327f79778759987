import { formatDateVi, formatTimeVi } from '@onestop/shared';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { formatDay, formatPhone } from '../../ui/format';
import { feeText, processingText } from '../../ui/procedureText';
import { QrCode } from '../../ui/QrCode';
import type { FileReceipt } from '@onestop/shared';
import { FormHeading, PrintFrame } from './PrintFrame';
import { usePrintData } from './usePrintData';

/**
 * Giấy tiếp nhận hồ sơ và hẹn trả kết quả: Mẫu số 01 of Phụ lục I, Thông tư 03/2025/TT-VPCP (guiding Nghị định
 * 118/2025/NĐ-CP); its parts are those of the earlier Mẫu số 01 (Thông tư 01/2018/TT-VPCP), since the 2025 form's
 * own wording could not be checked (docs/files.md says what was and was not). A5, with the code as a QR: the
 * citizen's address, the papers received with their number, and the hour and day of the return.
 */
export function ReceiptPrint({ code }: { code: string }) {
  const t = useT();
  const { data, error } = usePrintData<FileReceipt>(code, 'receipt');
  const p = t.print.receipt;
  return (
    <PrintFrame title={`${p.title} ${code}`} ready={data !== null}>
      <ErrorText reason={error} />
      {data ? (
        <article className="doc doc-a5" data-testid="receipt">
          <FormHeading communeName={data.communeName} dateLine={t.print.dateLine(formatDateVi(data.file.receivedAt))} />
          <h1 className="doc-title">{p.title}</h1>
          <div className="doc-qr-row">
            <QrCode value={data.qr} size="30mm" label={p.qrLabel(data.file.code)} />
            <div>
              <div className="doc-muted">{p.code}</div>
              <div className="doc-code" data-testid="receipt-code">
                {data.file.code}
              </div>
              <div className="doc-muted">{p.qrHint}</div>
            </div>
          </div>
          <p>{p.officeLine(data.communeName, data.counterName)}</p>
          <dl className="doc-lines">
            <dt>{p.from}</dt>
            <dd>{data.file.citizenName}</dd>
            {data.file.citizenAddress ? (
              <>
                <dt>{p.address}</dt>
                <dd data-testid="receipt-address">{data.file.citizenAddress}</dd>
              </>
            ) : null}
            <dt>{p.phone}</dt>
            <dd>{data.file.phone ? formatPhone(data.file.phone) : t.counter.noPhoneShown}</dd>
            <dt>{p.request}</dt>
            <dd>{data.file.procedure.name}</dd>
            <dt>{p.legalTime}</dt>
            <dd>{processingText(t, data.file.procedure.processingDays)}</dd>
            <dt>{p.fee}</dt>
            <dd>{feeText(t, data.fee)}</dd>
            <dt>{p.receivedAt}</dt>
            <dd>{p.at(formatTimeVi(data.file.receivedAt), formatDateVi(data.file.receivedAt))}</dd>
            <dt>{p.dueAt}</dt>
            <dd className="doc-strong" data-testid="receipt-due">
              {data.file.dueTime ? p.dayAt(data.file.dueTime, formatDay(data.file.dueDate)) : p.day(formatDay(data.file.dueDate))}
            </dd>
            <dt>{p.collectAt}</dt>
            <dd>{data.counterName ?? t.print.office}</dd>
          </dl>
          {data.file.documentsReceived.length ? (
            <section data-testid="receipt-papers">
              <p>{p.papers}</p>
              <table className="doc-table">
                <thead>
                  <tr>
                    <th>{p.papersHead.n}</th>
                    <th>{p.papersHead.name}</th>
                    <th>{p.papersHead.copies}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.file.documentsReceived.map((d, i) => (
                    <tr key={i}>
                      <td>{i + 1}</td>
                      <td>{d.name}</td>
                      <td>{d.copies}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="doc-strong" data-testid="receipt-papers-total">
                {p.papersTotal(data.file.documentsReceived.reduce((n, d) => n + d.copies, 0))}
              </p>
            </section>
          ) : null}
          <p className="doc-note">{p.note}</p>
          <footer className="doc-signs">
            <div>
              <div className="doc-strong">{p.signCitizen}</div>
              <div className="doc-muted">{t.print.signHint}</div>
              <div className="doc-signname">{data.file.citizenName}</div>
            </div>
            <div>
              <div className="doc-strong">{p.signStaff}</div>
              <div className="doc-muted">{t.print.signHint}</div>
              <div className="doc-signname">{data.receivedByName ?? ''}</div>
            </div>
          </footer>
        </article>
      ) : null}
    </PrintFrame>
  );
}
