import type { Namespace, Socket } from 'socket.io';
import { boxStatus, issueLines, type DeviceToHub, type HubToDevice } from '@onestop/shared';
import type { Logger } from '../log.js';
import type { EventBus } from '../events.js';
import { ServiceError } from '../http/errors.js';
import { ackArgs } from '../http/ack.js';
import type { Device, DeviceService } from './service.js';
import { INVITE_MS } from '../files/attribution.js';
import type { DeviceLink } from '../ratings/arrival.js';
import { tokenAllows } from './tokens.js';
import type { KioskDuty } from './duty.js';

export interface DeviceSocketData {
  device: Device;
  /** a kiosk: the version of the duty it was last sent (./duty.ts) */
  dutyVersion?: string;
  /** when this connection opened and since when the device had been out of reach (ratings/arrival.ts) */
  link: DeviceLink;
}
export type DeviceSocket = Socket<DeviceToHub, HubToDevice, Record<string, never>, DeviceSocketData>;
export type DeviceNamespace = Namespace<DeviceToHub, HubToDevice, Record<string, never>, DeviceSocketData>;

const room = (deviceId: string) => `device:${deviceId}`;

/**
 * The /device namespace: agents and kiosks. Every connection presents its token in the handshake
 * (`auth: { token }`); an unknown or revoked one is refused with that reason, and revoking disconnects at once.
 */
export function attachDeviceNamespace(nsp: DeviceNamespace, devices: DeviceService, bus: EventBus, log: Logger, duty?: KioskDuty): void {
  nsp.use((socket, next) => {
    try {
      socket.data.device = devices.authenticate((socket.handshake.auth as { token?: unknown } | undefined)?.token);
      socket.data.link = devices.linkOpening(socket.data.device.id);
      next();
    } catch (err) {
      const reason = err instanceof ServiceError ? err.reason : 'internal-error';
      log.warn({ reason, address: socket.handshake.address }, 'device connection refused');
      const e = new Error(reason) as Error & { data: unknown };
      e.data = { reason };
      next(e);
    }
  });

  nsp.on('connection', (socket) => {
    const device = socket.data.device;
    void socket.join(room(device.id));
    devices.connected(device.id);
    log.info({ deviceId: device.id, kind: device.kind }, 'device online');
    socket.emit('device:config', devices.config(device.id));
    duty?.send(socket);

    socket.on('box:status', (...args: unknown[]) => {
      const { payload, ack, refused } = ackArgs(args);
      // a kiosk has no button box: its token may not report one (devices/tokens.ts)
      if (!tokenAllows(device.kind, 'box:status')) {
        log.warn({ deviceId: device.id, kind: device.kind, reason: 'not-allowed-for-kind' }, 'box status refused');
        ack?.({ ok: false, reason: 'not-allowed-for-kind', detail: `a ${device.kind} token may not send box:status` });
        return;
      }
      if (refused) {
        log.warn({ deviceId: device.id, reason: 'invalid-payload', detail: refused }, 'bad box status');
        ack?.({ ok: false, reason: 'invalid-payload', detail: refused });
        return;
      }
      const parsed = boxStatus.safeParse(payload);
      if (!parsed.success) {
        log.warn({ deviceId: device.id, reason: 'invalid-payload' }, 'bad box status');
        ack?.({ ok: false, reason: 'invalid-payload', detail: issueLines(parsed.error, null)[0] });
        return;
      }
      devices.reportBox(device.id, parsed.data);
      ack?.({ ok: true, data: null });
    });

    socket.on('disconnect', (why, description) => {
      devices.disconnected(device.id);
      // a message over maxHttpBufferSize ends here: why 'transport error', detail 'Max payload size exceeded'
      const detail = description instanceof Error ? description.message : undefined;
      log.info({ deviceId: device.id, why, ...(detail ? { detail } : {}) }, 'device offline');
    });
  });

  bus.on('device:revoked', ({ deviceId }) => {
    nsp.to(room(deviceId)).emit('device:revoked');
    nsp.in(room(deviceId)).disconnectSockets(true);
  });
  // a file was returned at a counter: its kiosks and boxes invite the citizen to rate (files/attribution.ts)
  bus.on('file:returned', ({ counterId }) => {
    for (const s of nsp.sockets.values()) if (s.data.device?.counterId === counterId) s.emit('device:invite', { ms: INVITE_MS });
  });
  bus.on('device:config-changed', ({ deviceId }) => {
    const cfg = devices.config(deviceId);
    for (const s of nsp.sockets.values()) {
      if (s.data.device?.id === deviceId) s.data.device = devices.get(deviceId)!;
    }
    nsp.to(room(deviceId)).emit('device:config', cfg);
  });
}
