import { useCallback } from 'react';
import { api, type ApiResult, type Method } from '../api';
import { useAdminSession } from './session';

/** `api` for the admin pages: an 'unauthorized' answer sends the admin back to the sign-in form. */
export function useAdminApi() {
  const session = useAdminSession();
  return useCallback(
    async <T,>(method: Method, path: string, body?: unknown): Promise<ApiResult<T>> => {
      const res = await api<T>(method, path, body);
      if (!res.ok && res.reason === 'unauthorized') session.expired();
      return res;
    },
    [session],
  );
}
