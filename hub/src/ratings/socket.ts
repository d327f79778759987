import type { DeviceNamespace } from '../devices/socket.js';
import type { DeviceService } from '../devices/service.js';
import type { Logger } from '../log.js';
import type { RatingService } from './service.js';
import type { SubmitLimit } from './submitLimit.js';
import { ackArgs } from '../http/ack.js';

/**
 * `rating:submit` on /device: count it against the device's allowance (before any other work), validate, store, then
 * ack `{ ok, data: { id, duplicate, flagged, score } }`.
 */
export function attachRatingHandlers(nsp: DeviceNamespace, ratings: RatingService, devices: DeviceService, limit: SubmitLimit, log: Logger): void {
  nsp.on('connection', (socket) => {
    socket.on('rating:submit', (...args: unknown[]) => {
      const device = socket.data.device;
      const { payload, ack, refused } = ackArgs(args);
      if (!ack) {
        log.warn({ deviceId: device.id, reason: 'invalid-payload' }, 'rating without an ack callback ignored');
        return;
      }
      if (refused) {
        log.warn({ deviceId: device.id, reason: 'invalid-payload', detail: refused }, 'rating refused');
        ack({ ok: false, reason: 'invalid-payload', detail: refused });
        return;
      }
      if (!limit.take(device.id)) {
        log.warn({ deviceId: device.id, reason: 'rate-limited' }, 'rating refused');
        ack({ ok: false, reason: 'rate-limited', detail: 'too many ratings from this device; retry later' });
        return;
      }
      void ratings.submit(device, payload, socket.data.link).then((res) => {
        if (res.ok) devices.seen(device.id);
        ack(res);
      });
    });
  });
}
