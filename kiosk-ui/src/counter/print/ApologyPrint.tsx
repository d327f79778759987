import { formatDateVi } from '@onestop/shared';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { formatDay } from '../../ui/format';
import { QrCode } from '../../ui/QrCode';
import type { ApologySlip } from '@onestop/shared';
import { FormHeading, PrintFrame } from './PrintFrame';
import { usePrintData } from './usePrintData';

/** Phiếu xin lỗi và hẹn lại ngày trả kết quả (after Mẫu số 05, Thông tư 01/2018/TT-VPCP): the latest apology. */
export function ApologyPrint({ code }: { code: string }) {
  const t = useT();
  const { data, error } = usePrintData<ApologySlip>(code, 'apology');
  const p = t.print.apology;
  return (
    <PrintFrame title={`${p.title} ${code}`} ready={data !== null}>
      <ErrorText reason={error} />
      {data ? (
        <article className="doc doc-a5" data-testid="apology">
          <FormHeading communeName={data.communeName} dateLine={t.print.dateLine(formatDateVi(data.apology.at))} />
          <h1 className="doc-title">{p.title}</h1>
          <p className="doc-center">{p.to(data.file.citizenName)}</p>
          <p>{p.received(formatDateVi(data.file.receivedAt), data.communeName)}</p>
          <div className="doc-qr-row">
            <QrCode value={data.file.code} size="22mm" />
            <dl className="doc-lines">
              <dt>{p.code}</dt>
              <dd className="doc-strong">{data.file.code}</dd>
              <dt>{p.request}</dt>
              <dd>{data.file.procedure.name}</dd>
              <dt>{p.oldDue}</dt>
              <dd>{formatDay(data.apology.oldDueDate)}</dd>
            </dl>
          </div>
          <p>{p.late((data.apology.reason ?? '').replace(/[\s.]+$/, ''))}</p>
          <p>{p.sorry(data.communeName)}</p>
          <p className="doc-newdate" data-testid="apology-new-date">
            {p.newDue(formatDay(data.apology.newDueDate))}
          </p>
          <p>{p.thanks}</p>
          <footer className="doc-signs doc-signs-right">
            <div>
              <div className="doc-strong">{p.sign}</div>
              <div className="doc-muted">{t.print.signHint}</div>
              <div className="doc-signname">{data.apology.by ?? ''}</div>
            </div>
          </footer>
        </article>
      ) : null}
    </PrintFrame>
  );
}
