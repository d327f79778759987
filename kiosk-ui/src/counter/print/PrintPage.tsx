import { useT } from '../../i18n';
import { StaffGate } from '../session';
import { ApologyPrint } from './ApologyPrint';
import { ReceiptPrint } from './ReceiptPrint';
import '../counter.css';

/** /counter/print/receipt/{code} and /counter/print/apology/{code}: the printed sheets, for signed-in staff. */
export function PrintPage({ kind, code }: { kind: 'receipt' | 'apology'; code: string }) {
  const t = useT();
  return (
    <StaffGate loginHint={t.print.signInToPrint}>
      {kind === 'receipt' ? <ReceiptPrint code={code} /> : <ApologyPrint code={code} />}
    </StaffGate>
  );
}
