import { deviceConfigCheck, type DeviceConfig } from '@onestop/shared';

/** What a paired kiosk keeps across reloads: its device token and the config the hub last sent. */
export interface Pairing {
  token: string;
  config: DeviceConfig;
}

const KEY = 'onestop.kiosk.pairing';

export function loadPairing(): Pairing | null {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { token?: unknown; config?: unknown } | null;
    if (!raw || typeof raw.token !== 'string') return null;
    const config = deviceConfigCheck.safeParse(raw.config);
    return config.success ? { token: raw.token, config: config.data } : null;
  } catch {
    return null;
  }
}

export function savePairing(p: Pairing): void {
  localStorage.setItem(KEY, JSON.stringify(p));
}

export function clearPairing(): void {
  localStorage.removeItem(KEY);
}
