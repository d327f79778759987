import { useEffect, type ReactNode } from 'react';
import { useT } from '../../i18n';
import './print.css';

/**
 * A printable sheet: a toolbar on screen (print, back), nothing but the sheet on paper. Opened with ?print=1 (the
 * counter's print buttons) the print dialog comes up by itself once the sheet is drawn.
 */
export function PrintFrame({ title, ready, children }: { title: string; ready: boolean; children: ReactNode }) {
  const t = useT();
  useEffect(() => {
    document.title = title;
    document.body.classList.add('print-body');
    return () => document.body.classList.remove('print-body');
  }, [title]);
  useEffect(() => {
    if (!ready || new URLSearchParams(window.location.search).get('print') !== '1') return;
    const timer = setTimeout(() => window.print(), 300);
    return () => clearTimeout(timer);
  }, [ready]);
  return (
    <div className="print-page">
      <div className="print-toolbar no-print">
        <button type="button" className="cnt-primary" onClick={() => window.print()} disabled={!ready} data-testid="print-button">
          {t.print.print}
        </button>
        <a className="cnt-secondary" href="/counter">
          {t.print.back}
        </a>
        <span className="cnt-muted">{t.print.paperHint}</span>
      </div>
      {children}
    </div>
  );
}

/** "UBND XÃ VÍ DỤ" from "Xã Ví Dụ" (or the name as it is when it already names the committee). */
export function communeHeading(name: string): string {
  const upper = name.toLocaleUpperCase('vi');
  return upper.startsWith('UBND') || upper.startsWith('ỦY BAN') || upper.startsWith('UỶ BAN') ? upper : `UBND ${upper}`;
}

/** The two-column heading every administrative form carries: the office on the left, the national motto right. */
export function FormHeading({ communeName, dateLine, codeLine }: { communeName: string; dateLine: string; codeLine?: ReactNode }) {
  const t = useT();
  return (
    <header className="doc-heading">
      <div className="doc-office">
        <div>{communeHeading(communeName)}</div>
        <div className="doc-strong">{t.print.office}</div>
        <div className="doc-rule" />
        {codeLine ? <div className="doc-codeline">{codeLine}</div> : null}
      </div>
      <div className="doc-nation">
        <div className="doc-strong">{t.print.nation}</div>
        <div className="doc-strong doc-motto">{t.print.motto}</div>
        <div className="doc-rule" />
        <div className="doc-date">{dateLine}</div>
      </div>
    </header>
  );
}
