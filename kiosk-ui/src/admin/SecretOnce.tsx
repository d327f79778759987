import { useState } from 'react';
import { useT } from '../i18n';
import { Code, Typed } from '../ui/Typed';

/** A password or token the hub shows only once: big, selectable, with a copy button and a warning. */
export function SecretOnce({ title, secret, onClose, testId }: { title: string; secret: string; onClose(): void; testId: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      /* no clipboard (plain http): the text can still be selected */
    }
  };
  return (
    <div className="secret-once" role="status">
      <p className="secret-title">
        <Typed text={title} />
      </p>
      <Code className="secret-value" data-testid={testId}>
        {secret}
      </Code>
      <p className="adm-meta">{t.admin.shownOnce}</p>
      <div className="adm-actions">
        <button type="button" className="adm-secondary" onClick={() => void copy()}>
          {copied ? t.admin.copied : t.admin.copy}
        </button>
        <button type="button" className="adm-link-button" onClick={onClose}>
          {t.admin.close}
        </button>
      </div>
    </div>
  );
}
