import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CODE_RE } from '@onestop/shared';
import { useT } from '../i18n';

const TYPING_TARGETS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * "Quét mã": scan or type a file's code and press Enter; the file opens with its next step under the cursor.
 * A barcode scanner types like a keyboard, so a scan that starts while no field has the focus (after a button
 * was clicked) is sent here rather than lost.
 */
export function QuickScan({ onScan }: { onScan(code: string): void }) {
  const t = useT();
  const [code, setCode] = useState('');
  const ref = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = document.activeElement;
      if (el && TYPING_TARGETS.has(el.tagName)) return;
      if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1 || !/[A-Za-z0-9]/.test(e.key)) return;
      ref.current?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const c = code.trim();
    if (!CODE_RE.test(c)) return;
    setCode('');
    onScan(c);
  };

  return (
    <form className="quick-scan" onSubmit={submit} role="search" data-testid="quick-scan">
      <label htmlFor="quick-scan">{t.counter.quickScan}</label>
      <input id="quick-scan" ref={ref} autoComplete="off" spellCheck={false} placeholder={t.counter.quickScanPlaceholder} value={code} onChange={(e) => setCode(e.target.value)} />
    </form>
  );
}
