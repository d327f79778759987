import { useState, type FormEvent } from 'react';
import { CODE_RE, SMS_PROCEDURE_NAME_MAX, deriveSmsName, type ProcedureView } from '@onestop/shared';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';

/**
 * Add a procedure, or edit one (its code stays: files name it). An empty fee means "not stated". The papers to bring
 * (thành phần hồ sơ) are written one a line.
 */
export function ProcedureForm({ editing, onSaved, onCancel }: { editing: ProcedureView | null; onSaved(): void; onCancel(): void }) {
  const t = useT();
  const call = useAdminApi();
  const [code, setCode] = useState(editing?.code ?? '');
  const [name, setName] = useState(editing?.name ?? '');
  const [field, setField] = useState(editing?.field ?? '');
  const [days, setDays] = useState(editing ? String(editing.processingDays) : '');
  const [fee, setFee] = useState(editing?.fee === null || editing?.fee === undefined ? '' : String(editing.fee));
  const [docs, setDocs] = useState((editing?.documents ?? []).join('\n'));
  // the short name messages use; empty: derived from the name (docs/sms.md)
  const [smsName, setSmsName] = useState(editing && !editing.smsNameDerived ? editing.smsName : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const feeNum = fee.trim() === '' ? null : Number(fee.replace(/[.\s]/g, ''));
  const daysNum = Number(days);
  const valid = CODE_RE.test(code.trim()) && name.trim() && field.trim() && days.trim() !== '' && Number.isInteger(daysNum) && daysNum >= 0 && (feeNum === null || (Number.isInteger(feeNum) && feeNum >= 0));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !valid) return;
    setBusy(true);
    setError(null);
    const documents = docs.split('\n').map((d) => d.trim()).filter((d) => d !== '');
    const body = { name: name.trim(), field: field.trim(), processingDays: daysNum, fee: feeNum, documents, smsName: smsName.trim() || null };
    const r = editing
      ? await call<ProcedureView>('PATCH', `/api/admin/procedures/${encodeURIComponent(editing.code)}`, body)
      : await call<ProcedureView>('POST', '/api/admin/procedures', { code: code.trim(), ...body });
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    setDone(t.procedures.saved(r.data.name));
    if (!editing) {
      setCode('');
      setName('');
      setDays('');
      setFee('');
      setDocs('');
    }
    onSaved();
  };

  return (
    <form className="adm-card" onSubmit={(e) => void submit(e)} data-testid="procedure-form">
      <h2>{editing ? t.procedures.editTitle : t.procedures.addTitle}</h2>
      <label className="adm-field">
        <span>{t.procedures.code}</span>
        <input name="code" value={code} onChange={(e) => setCode(e.target.value)} disabled={!!editing} placeholder="1.001193" autoComplete="off" />
        <small>{t.procedures.codeHint}</small>
      </label>
      <label className="adm-field">
        <span>{t.procedures.name}</span>
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={300} />
      </label>
      <label className="adm-field">
        <span>{t.procedures.field}</span>
        <input name="field" value={field} onChange={(e) => setField(e.target.value)} maxLength={120} placeholder={t.procedures.fieldPlaceholder} />
      </label>
      <label className="adm-field">
        <span>{t.procedures.days}</span>
        <input name="processingDays" type="number" min={0} max={365} step={1} value={days} onChange={(e) => setDays(e.target.value)} />
        <small>{t.procedures.daysHint}</small>
      </label>
      <label className="adm-field">
        <span>{t.procedures.smsNameLabel}</span>
        <input name="smsName" value={smsName} onChange={(e) => setSmsName(e.target.value)} maxLength={SMS_PROCEDURE_NAME_MAX} placeholder={deriveSmsName(name)} />
        <small>{t.procedures.smsNameHint(SMS_PROCEDURE_NAME_MAX)}</small>
      </label>
      <label className="adm-field">
        <span>{t.procedures.feeLabel}</span>
        <input name="fee" inputMode="numeric" value={fee} onChange={(e) => setFee(e.target.value)} placeholder="0" />
        <small>{t.procedures.feeHint}</small>
      </label>
      <label className="adm-field">
        <span>{t.procedures.documentsLabel}</span>
        <textarea name="documents" rows={5} value={docs} onChange={(e) => setDocs(e.target.value)} placeholder={t.procedures.documentsPlaceholder} />
        <small>{t.procedures.documentsHint}</small>
      </label>
      <ErrorText reason={error} />
      {done ? (
        <p className="adm-ok" role="status">
          {done}
        </p>
      ) : null}
      <div className="adm-actions">
        <button type="submit" className="adm-primary" disabled={busy || !valid}>
          {editing ? t.procedures.save : t.procedures.add}
        </button>
        {editing ? (
          <button type="button" className="adm-link-button" onClick={onCancel}>
            {t.admin.cancel}
          </button>
        ) : null}
      </div>
    </form>
  );
}
