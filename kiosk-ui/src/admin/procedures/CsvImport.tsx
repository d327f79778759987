import { useState, type FormEvent } from 'react';
import { PROCEDURE_CSV_HEADER } from '@onestop/shared';
import { TextBody } from '../../api';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';
import './procedures.css';
import { Code } from '../../ui/Typed';

/** "row 3: fee: …" from the hub → the row number and the hub's own words. */
function rowErrors(detail: string | undefined): { row: string; text: string }[] {
  return (detail ?? '')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const m = /^(?:row|line) (\d+): (.*)$/.exec(l);
      return m ? { row: m[1]!, text: m[2]! } : { row: '', text: l };
    });
}

/** The province's catalogue as a CSV file (Excel's "CSV UTF-8"): every row valid, or nothing imported. */
export function CsvImport({ onImported }: { onImported(): void }) {
  const t = useT();
  const call = useAdminApi();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ reason: string; rows: { row: string; text: string }[] } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);

  const pick = async (f: File | undefined) => {
    if (!f) return;
    setFileName(f.name);
    setText(await f.text());
    setError(null);
    setDone(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !text.trim()) return;
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await call<{ created: number; updated: number }>('POST', '/api/admin/procedures/import', new TextBody(text, 'text/csv; charset=utf-8'));
    setBusy(false);
    if (!r.ok) return setError({ reason: r.reason, rows: r.reason === 'invalid-csv' ? rowErrors(r.detail) : [] });
    setDone(t.procedures.imported(r.data.created, r.data.updated));
    setText('');
    setFileName(null);
    onImported();
  };

  return (
    <form className="adm-card" onSubmit={(e) => void submit(e)} data-testid="csv-import">
      <h2>{t.procedures.importTitle}</h2>
      <p className="adm-meta">{t.procedures.importHint}</p>
      <Code className="csv-header">{PROCEDURE_CSV_HEADER.join(',')}</Code>
      {/* the browser's own file button speaks the browser's language; this one speaks the page's */}
      <div className="adm-field">
        <label className="adm-secondary file-pick">
          {t.procedures.csvFile}
          <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void pick(e.target.files?.[0])} data-testid="csv-file" />
        </label>
        <small>{fileName ?? t.procedures.noFile}</small>
      </div>
      <label className="adm-field">
        <span>{t.procedures.csvText}</span>
        <textarea name="csv" rows={5} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </label>
      {error ? (
        <div data-testid="csv-errors">
          <ErrorText reason={error.reason} />
          {error.rows.length > 0 ? (
            <ul className="csv-errors">
              {error.rows.map((r, i) => (
                <li key={i}>{r.row ? t.procedures.csvRow(r.row, r.text) : r.text}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {done ? (
        <p className="adm-ok" role="status">
          {done}
        </p>
      ) : null}
      <button type="submit" className="adm-primary" disabled={busy || !text.trim()}>
        {t.procedures.import}
      </button>
    </form>
  );
}
