import type { EventBus } from '../events.js';
import type { StaffProfiles } from '../auth/photos.js';
import type { DeviceNamespace, DeviceSocket } from './socket.js';

/**
 * Tells each kiosk who is on duty at its counter (`device:duty`, issue 14 §3): at connection, after a sign-in, a
 * sign-out or a take-over, after an admin changes a title or photo, and on the minute (an idle session lapses
 * without an event). A kiosk is sent it again only when what it shows changed. Button boxes are never sent it.
 */
export class KioskDuty {
  constructor(
    private readonly nsp: DeviceNamespace,
    private readonly profiles: Pick<StaffProfiles, 'duty'>,
    bus: EventBus,
  ) {
    bus.on('duty:changed', ({ counterId }) => this.refresh(counterId));
    bus.on('auth:session-ended', () => this.refresh(null));
  }

  send(socket: DeviceSocket): void {
    const device = socket.data.device;
    if (device.kind !== 'kiosk') return;
    const { duty, version } = this.profiles.duty(device.counterId);
    if (socket.data.dutyVersion === version) return;
    socket.data.dutyVersion = version;
    socket.emit('device:duty', duty);
  }

  /** Sends what changed to the kiosks of one counter, or of every counter (null). */
  refresh(counterId: string | null): void {
    for (const s of this.nsp.sockets.values()) {
      if (s.data.device && (counterId === null || s.data.device.counterId === counterId)) this.send(s);
    }
  }
}
