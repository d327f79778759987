import { useEffect, useState } from 'react';
import type { FileView, UndoableStep } from '@onestop/shared';
import { seg } from '../api';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { useStaffApi } from './session';

/** An undo window the hub opened: which step, and until when by this browser's clock. */
export interface UndoWindow {
  step: UndoableStep;
  until: number;
}

/**
 * "Hoàn tác" for a short while after "Đã có kết quả" or "Trả kết quả" (issue 14 §2): the seconds left count down,
 * the message stays held meanwhile. The hub decides by its own clock; a late click gets `undo-window-closed`.
 */
export function UndoBar({ code, window: w, onUndone, onOver }: { code: string; window: UndoWindow; onUndone(file: FileView): void; onOver(): void }) {
  const t = useT();
  const call = useStaffApi();
  const [left, setLeft] = useState(() => Math.max(0, Math.ceil((w.until - Date.now()) / 1000)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setInterval(() => {
      const s = Math.max(0, Math.ceil((w.until - Date.now()) / 1000));
      setLeft(s);
      if (s === 0) onOver();
    }, 1000);
    return () => clearInterval(timer);
  }, [w.until, onOver]);

  const undo = async () => {
    setBusy(true);
    setError(null);
    const r = await call<FileView>('POST', `/api/staff/files/${seg(code)}/undo`, { step: w.step });
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    onUndone(r.data);
  };

  return (
    <div className="cnt-info undo-bar" role="status" data-testid="undo-bar" data-step={w.step}>
      <span data-testid="undo-left">{w.step === 'ready' ? t.counter.undo.heldReady(left) : t.counter.undo.heldReturned(left)}</span>
      <button type="button" className="cnt-secondary" disabled={busy} onClick={() => void undo()} data-testid="undo">
        {t.counter.undo.button}
      </button>
      <ErrorText reason={error} />
    </div>
  );
}
