import { useEffect, useState } from 'react';
import type { SmsHubStatus, SmsTemplateView } from '@onestop/shared';
import { api } from '../../api';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';
import { TemplateEditor } from './TemplateEditor';

/** Every message kind's template, with a live preview; the commune's real name fills {communeName}. */
export function TemplatesPanel() {
  const t = useT();
  const call = useAdminApi();
  const [templates, setTemplates] = useState<SmsTemplateView[] | null>(null);
  const [communeName, setCommuneName] = useState('');
  // the gateway in use: whether it sends accented text, and the price of one part
  const [gateway, setGateway] = useState<{ unicode: boolean; pricePerSegment: number }>({ unicode: true, pricePerSegment: 0 });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call<SmsTemplateView[]>('GET', '/api/admin/sms/templates').then((r) => (r.ok ? setTemplates(r.data) : setError(r.reason)));
    void api<{ communeName: string }>('GET', '/api/public/info').then((r) => r.ok && setCommuneName(r.data.communeName));
    void call<SmsHubStatus>('GET', '/api/admin/sms/status').then((r) => r.ok && setGateway({ unicode: r.data.unicode, pricePerSegment: r.data.pricePerSegment }));
  }, [call]);

  return (
    <div className="templates" data-testid="templates">
      <p className="adm-meta">{t.sms.templatesHint}</p>
      <ErrorText reason={error} />
      {templates === null ? (
        <p>{t.loading}</p>
      ) : (
        templates.map((tp) => (
          <TemplateEditor key={tp.kind} template={tp} communeName={communeName || tp.kind} gateway={gateway} onSaved={(n) => setTemplates((all) => (all ?? []).map((x) => (x.kind === n.kind ? n : x)))} />
        ))
      )}
    </div>
  );
}
