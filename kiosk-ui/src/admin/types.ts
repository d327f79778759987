/** A counter as GET/POST /api/admin/counters return it. */
export interface Counter {
  id: string;
  name: string;
  buttons: number;
  minIntervalS: number;
  createdAt: number;
}

export interface PairingCode {
  code: string;
  expiresAt: number;
}

/** GET /api/admin/duty: who is signed in at each counter. */
export interface Duty {
  counterId: string;
  counterName: string;
  user: { id: string; displayName: string } | null;
}

/** A device as GET /api/admin/devices returns it: its presence, plus its scale and minimum interval. */
export type AdminDevice = import('@onestop/shared').DevicePresence & {
  scale?: { buttons: number; map: number[] };
  minIntervalS?: number;
};
