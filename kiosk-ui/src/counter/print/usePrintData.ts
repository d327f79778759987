import { useEffect, useState } from 'react';
import { seg } from '../../api';
import { useStaffApi } from '../session';

/** Loads what a printed sheet shows (GET /api/staff/files/{code}/{what}). */
export function usePrintData<T>(code: string, what: 'receipt' | 'apology'): { data: T | null; error: string | null } {
  const call = useStaffApi();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void call<T>('GET', `/api/staff/files/${seg(code)}/${what}`).then((r) => {
      if (!live) return;
      if (r.ok) setData(r.data);
      else setError(r.reason);
    });
    return () => {
      live = false;
    };
  }, [call, code, what]);
  return { data, error };
}
