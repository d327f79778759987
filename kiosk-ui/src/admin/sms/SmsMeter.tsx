import { smsCost, type PreparedSms } from '@onestop/shared';
import { useT } from '../../i18n';
import './sms.css';

/** What the message will cost and look like: encoding, parts, room left, the text as sent, and any warning. */
export function SmsMeter({ sms, pricePerSegment = 0, accentsDropped = false }: { sms: PreparedSms; pricePerSegment?: number; accentsDropped?: boolean }) {
  const t = useT();
  const gsm = sms.encoding === 'gsm7';
  const cost = smsCost(sms.segments, pricePerSegment);
  return (
    <div className="sms-meter" data-testid="sms-meter" data-encoding={sms.encoding} data-segments={sms.segments}>
      <div className="sms-meter-figures">
        <span className={`sms-enc ${gsm ? 'sms-enc-gsm' : 'sms-enc-ucs'}`} data-testid="sms-encoding">
          {gsm ? 'GSM-7' : 'UCS-2'}
        </span>
        <span data-testid="sms-segments">{t.sms.segments(sms.segments)}</span>
        <span className="adm-meta">{t.sms.units(sms.units, sms.perSegment, sms.remaining)}</span>
        {cost !== null ? <span data-testid="sms-cost">{t.sms.cost(cost.toLocaleString('vi-VN'))}</span> : null}
      </div>
      {accentsDropped ? <p className="field-warn">{t.sms.noUnicode}</p> : null}
      {!gsm ? <p className="field-warn">{sms.nonGsm.length ? t.sms.nonGsm(sms.nonGsm.join(' ')) : t.sms.ucsWarning}</p> : null}
      {sms.segments > 1 ? <p className="field-warn">{t.sms.multiPart(sms.segments)}</p> : null}
      {sms.unknown.length ? <p className="field-error">{t.sms.unknownPlaceholders(sms.unknown.map((u) => `{${u}}`).join(', '))}</p> : null}
      <div className="sms-preview-label">{t.sms.previewLabel}</div>
      <p className="sms-preview" data-testid="sms-preview">
        {sms.text}
      </p>
    </div>
  );
}
