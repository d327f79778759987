import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { deviceConfigCheck, type DeviceConfig, type DeviceDuty, type HubToDevice, type DeviceToHub, type RatingEvent } from '@onestop/shared';
import { kioskQueue, type QueueCounts } from './queue';
import { RatingSender, type AckSocket } from './sender';

export interface KioskDeviceState {
  online: boolean;
  counts: QueueCounts;
  /** Durably queues a rating (resolves once it is in IndexedDB), then lets the sender deliver it. */
  record(event: RatingEvent): Promise<void>;
  /** the clerk on duty at this counter, as the hub last said (device:duty) */
  duty: DeviceDuty['onDuty'];
}

/** A light check of `device:duty` (the kiosk's document carries no zod): a wrong message shows nobody. */
function dutyCheck(d: unknown): DeviceDuty['onDuty'] {
  const on = (d as DeviceDuty | null)?.onDuty;
  if (!on || typeof on.name !== 'string') return null;
  const photo = on.photo && /^image\/(jpeg|png|webp)$/.test(on.photo.type) && typeof on.photo.base64 === 'string' ? on.photo : null;
  return { name: on.name, title: typeof on.title === 'string' ? on.title : null, photo };
}

const UNPAIRING_REASONS = new Set(['unauthorized', 'token-revoked']);
/** An invitation never lasts longer than this, whatever a message says. */
const MAX_INVITE_MS = 10 * 60_000;

/**
 * The kiosk's link to the hub: a socket.io connection to /device with its token, and the sender that drains
 * the offline queue over it. Calls onRevoked when the hub no longer knows the token.
 */
export function useKioskDevice(
  token: string,
  deviceId: string,
  onConfig: (c: DeviceConfig) => void,
  onRevoked: () => void,
  onInvite: (ms: number) => void = () => {},
): KioskDeviceState {
  const [online, setOnline] = useState(false);
  const [counts, setCounts] = useState<QueueCounts>({ queued: 0, setAside: 0 });
  const [duty, setDuty] = useState<DeviceDuty['onDuty']>(null);
  const sender = useRef<RatingSender | null>(null);
  const handlers = useRef({ onConfig, onRevoked, onInvite });
  handlers.current = { onConfig, onRevoked, onInvite };

  const refreshCounts = useCallback(async () => {
    const q = await kioskQueue();
    setCounts(await q.counts(deviceId));
  }, [deviceId]);

  useEffect(() => {
    let closed = false;
    const socket: Socket<HubToDevice, DeviceToHub> = io('/device', {
      auth: { token },
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
    });
    const revoked = () => {
      if (closed) return;
      closed = true;
      socket.disconnect();
      handlers.current.onRevoked();
    };
    socket.on('connect', () => {
      setOnline(true);
      sender.current?.reconnected();
    });
    socket.on('disconnect', () => setOnline(false));
    socket.on('connect_error', (err) => {
      setOnline(false);
      const reason = (err as Error & { data?: { reason?: string } }).data?.reason ?? err.message;
      if (UNPAIRING_REASONS.has(reason)) revoked();
    });
    socket.on('device:revoked', revoked);
    // a file was just returned at this counter: invite the citizen to rate, for as long as the hub says
    socket.on('device:invite', (i) => {
      const ms = typeof i?.ms === 'number' && Number.isFinite(i.ms) ? Math.min(Math.max(i.ms, 0), MAX_INVITE_MS) : 0;
      if (ms > 0) handlers.current.onInvite(ms);
    });
    // who serves the citizen at this counter; kept while the hub is out of reach
    socket.on('device:duty', (d) => setDuty(dutyCheck(d)));
    socket.on('device:config', (c) => {
      const parsed = deviceConfigCheck.safeParse(c);
      if (parsed.success) handlers.current.onConfig(parsed.data);
    });

    void kioskQueue().then((q) => {
      if (closed) return;
      const s = new RatingSender(q, deviceId, () => void refreshCounts());
      sender.current = s;
      s.attach(socket as unknown as AckSocket);
      void refreshCounts();
    });

    return () => {
      closed = true;
      sender.current?.stop();
      sender.current = null;
      socket.disconnect();
    };
  }, [token, deviceId, refreshCounts]);

  const record = useCallback(
    async (event: RatingEvent) => {
      const q = await kioskQueue();
      await q.add({ id: event.id, deviceId, event, queuedAt: Date.now() });
      // stored: the caller thanks the citizen now; counting and sending start in the next task, after that render
      setTimeout(() => {
        void refreshCounts();
        sender.current?.kick();
      }, 0);
    },
    [deviceId, refreshCounts],
  );

  return { online, counts, record, duty };
}

/** Ratings of a device that can no longer send are kept apart rather than sent under another device's name. */
export async function setAsideAll(deviceId: string, reason: string): Promise<void> {
  const q = await kioskQueue();
  for (const r of await q.list(deviceId)) await q.setAside(r, reason);
}
