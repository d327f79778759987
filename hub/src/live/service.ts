import { localDay, type Clock, type LiveSnapshot } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { DeviceService } from '../devices/service.js';
import { ratingFigures } from '../ratings/figures.js';

/** Today's figures per counter with each device's presence, for /admin/live. */
export class LiveService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly devices: DeviceService,
  ) {}

  snapshot(day = localDay(this.clock.now())): LiveSnapshot {
    const figures = ratingFigures(this.db, day);
    const devices = this.devices.list();
    const buttons = new Map(
      (this.db.prepare('SELECT id, buttons FROM counters').all() as { id: string; buttons: number }[]).map((r) => [r.id, r.buttons]),
    );
    return {
      day,
      counters: figures.byCounter.map((c) => ({
        id: c.id,
        name: c.name,
        buttons: buttons.get(c.id) ?? 0,
        total: c.total,
        flagged: c.flagged,
        byScore: c.byScore,
        lastRatingAt: c.lastRatingAt,
        devices: devices.filter((d) => d.counterId === c.id && !d.revoked).map((d) => this.devices.presence(d)),
      })),
    };
  }
}
