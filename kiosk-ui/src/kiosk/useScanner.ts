import { useEffect, useRef } from 'react';

/** Keys of one scan arrive within a few milliseconds; a person typing is slower, and a pause starts over. */
const GAP_MS = 800;
const CODE_CHAR = /^[A-Za-z0-9._-]$/;

/**
 * A barcode or QR scanner at the kiosk types the receipt's code followed by Enter, like a keyboard. Each complete
 * code is handed to onCode. Ignored while `enabled` is false (the pairing screen has its own keyboard handling).
 */
export function useScanner(onCode: (code: string) => void, enabled = true): void {
  const buf = useRef({ text: '', at: 0 });
  const cb = useRef(onCode);
  cb.current = onCode;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const now = Date.now();
      const b = buf.current;
      if (now - b.at > GAP_MS) b.text = '';
      b.at = now;
      if (e.key === 'Enter') {
        const code = b.text;
        b.text = '';
        if (code.length >= 2) {
          e.preventDefault();
          cb.current(code);
        }
      } else if (CODE_CHAR.test(e.key)) {
        b.text = (b.text + e.key).slice(-40);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
