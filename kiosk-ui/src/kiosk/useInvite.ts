import { useCallback, useEffect, useState } from 'react';

/**
 * The invitation to rate after a file was returned at this counter: on for `ms`, off at the next rating. Returns
 * whether it is on, the handler for `device:invite`, and a way to end it.
 */
export function useInvite(): { inviting: boolean; invite(ms: number): void; end(): void } {
  const [until, setUntil] = useState(0);
  const invite = useCallback((ms: number) => setUntil(Date.now() + ms), []);
  const end = useCallback(() => setUntil(0), []);
  useEffect(() => {
    if (until === 0) return;
    const timer = setTimeout(() => setUntil(0), Math.max(0, until - Date.now()));
    return () => clearTimeout(timer);
  }, [until]);
  return { inviting: until > Date.now(), invite, end };
}
