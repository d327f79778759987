import { useMemo, useRef, useState } from 'react';
import { SMS_PLACEHOLDERS, SAMPLE_SMS_VARS, fitSms, type SmsTemplateView } from '@onestop/shared';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';
import { SmsMeter } from './SmsMeter';
import { WorstCase } from './WorstCase';
import './sms.css';
import { Code } from '../../ui/Typed';

/**
 * One message kind's template. The preview is computed here with the same helpers the hub uses when it queues a
 * message (shared/src/sms.ts), on every key press, with example values.
 */
export function TemplateEditor({
  template,
  communeName,
  gateway,
  onSaved,
}: {
  template: SmsTemplateView;
  communeName: string;
  /** the gateway in use: a template keeping accents goes unaccented when it cannot send them; the price of one part */
  gateway: { unicode: boolean; pricePerSegment: number };
  onSaved(t: SmsTemplateView): void;
}) {
  const t = useT();
  const call = useAdminApi();
  const [body, setBody] = useState(template.body);
  const [keepAccents, setKeepAccents] = useState(template.keepAccents);
  const [enabled, setEnabled] = useState(template.enabled);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  // as the hub sends it: fitted into one part by the rule (shared/src/smsFit.ts)
  const sms = useMemo(() => fitSms(body, { ...SAMPLE_SMS_VARS, communeName }, { keepAccents: keepAccents && gateway.unicode }), [body, keepAccents, communeName, gateway.unicode]);
  const dirty = body !== template.body || keepAccents !== template.keepAccents || enabled !== template.enabled;

  const insert = (p: string) => {
    const el = area.current;
    const token = `{${p}}`;
    if (!el) return setBody((b) => b + token);
    const start = el.selectionStart;
    const next = body.slice(0, start) + token + body.slice(el.selectionEnd);
    setBody(next);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    const r = await call<SmsTemplateView>('PUT', `/api/admin/sms/templates/${template.kind}`, { body, keepAccents, enabled });
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    setSaved(true);
    onSaved(r.data);
  };

  const reset = async () => {
    if (!window.confirm(t.sms.confirmReset)) return;
    const r = await call<SmsTemplateView>('DELETE', `/api/admin/sms/templates/${template.kind}`);
    if (!r.ok) return setError(r.reason);
    const fresh = r.data;
    setBody(fresh.body);
    setKeepAccents(fresh.keepAccents);
    setEnabled(fresh.enabled);
    onSaved(fresh);
  };

  return (
    <article className="adm-card template" data-testid="template-editor" data-kind={template.kind}>
      <header className="adm-card-head">
        <div>
          <h3>{t.sms.kind[template.kind]}</h3>
          <p className="adm-meta">{t.sms.kindHint[template.kind]}</p>
        </div>
        <label className="adm-check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t.sms.enabled}
        </label>
      </header>
      <div className="template-grid">
        <div>
          {/* the template is the SMS text as the admin writes it, its {placeholders} included: data, not a label */}
          <textarea
            ref={area}
            translate="no"
            className="template-body"
            rows={4}
            maxLength={1000}
            value={body}
            onChange={(e) => {
              setBody(e.target.value);
              setSaved(false);
            }}
            aria-label={t.sms.templateText(t.sms.kind[template.kind])}
            data-testid="template-body"
          />
          <div className="placeholders">
            <span className="adm-meta">{t.sms.insert}</span>
            {SMS_PLACEHOLDERS.map((p) => (
              <button key={p} type="button" className="chip-small" onClick={() => insert(p)} title={t.sms.placeholder[p]}>
                <Code>{`{${p}}`}</Code>
              </button>
            ))}
          </div>
          <label className="adm-check">
            <input type="checkbox" checked={keepAccents} onChange={(e) => setKeepAccents(e.target.checked)} />
            {t.sms.keepAccents}
          </label>
          <p className="adm-meta adm-gap">{t.sms.keepAccentsHint}</p>
        </div>
        <div>
          <SmsMeter sms={sms} pricePerSegment={gateway.pricePerSegment} accentsDropped={keepAccents && !gateway.unicode} />
          <WorstCase body={body} vars={template.worstVars} keepAccents={keepAccents && gateway.unicode} procedure={template.worst.procedure} />
        </div>
      </div>
      <ErrorText reason={error} />
      <div className="adm-actions">
        <button type="button" className="adm-primary" disabled={busy || !dirty || !body.trim() || sms.unknown.length > 0} onClick={() => void save()}>
          {t.sms.save}
        </button>
        {body !== template.defaultBody ? (
          <button type="button" className="adm-link-button" onClick={() => void reset()}>
            {t.sms.resetDefault}
          </button>
        ) : null}
        {saved && !dirty ? <span className="adm-ok">{t.sms.saved}</span> : null}
      </div>
    </article>
  );
}
