import { useEffect, useState } from 'react';
import { UNSET_COMMUNE, type PublicInfoView } from '@onestop/shared';
import { api } from '../api';

const KEY = 'kiosk.communeName';

/**
 * The commune's name for the rating screen's header (the admin guide promises it there), kept in this browser so an
 * offline tablet still shows it. Null while the hub has none of its own yet ("Xã chưa cấu hình" is not shown).
 */
export function useCommuneName(): string | null {
  const [name, setName] = useState<string | null>(() => localStorage.getItem(KEY));
  useEffect(() => {
    void api<PublicInfoView>('GET', '/api/public/info').then((r) => {
      if (!r.ok) return; // offline: keep the last one known
      const named = r.data.communeName === UNSET_COMMUNE.name ? null : r.data.communeName;
      if (named) localStorage.setItem(KEY, named);
      else localStorage.removeItem(KEY);
      setName(named);
    });
  }, []);
  return name;
}
