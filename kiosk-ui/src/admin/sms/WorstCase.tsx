import { useMemo } from 'react';
import { fitSms, reasonRoom } from '@onestop/shared';
import { useT } from '../../i18n';

/**
 * The template with the commune's longest values (issue 14 §2): its real name and phone, the procedure whose short
 * name is longest. Shortened by the rule the hub applies (shared/src/smsFit.ts), so what is shown is what is sent.
 */
export function WorstCase({ body, vars, keepAccents, procedure }: { body: string; vars: Record<string, string>; keepAccents: boolean; procedure: string | null }) {
  const t = useT();
  const f = useMemo(() => fitSms(body, vars, { keepAccents }), [body, vars, keepAccents]);
  const room = useMemo(() => reasonRoom(body, vars, { keepAccents }), [body, vars, keepAccents]);
  const parts = f.shortened.filter((p) => p !== 'text').map((p) => t.sms.shortenedPart[p] ?? p);
  return (
    <div className="sms-worst" data-testid="sms-worst" data-segments={f.segments} data-remaining={f.remaining} data-fits={f.fits}>
      <div className="sms-preview-label">{t.sms.worstTitle}</div>
      {procedure ? <div className="adm-meta">{t.sms.worstProcedure(procedure)}</div> : null}
      <strong data-testid="sms-worst-figures">{t.sms.worstFits(f.remaining)}</strong>
      {parts.length ? <p className="field-warn">{t.sms.worstShortened(parts.join(', '))}</p> : null}
      {!f.fits ? <p className="field-error">{t.sms.worstCut}</p> : null}
      {room !== null ? <p className="adm-meta" data-testid="sms-worst-reason">{t.sms.worstReasonRoom(room)}</p> : null}
      <p className="sms-preview" data-testid="sms-worst-text">
        {f.text}
      </p>
    </div>
  );
}
