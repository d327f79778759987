/** Counters, their duty roster and their devices as the admin page sees them (GET /api/admin/counters, duty, devices). */
import { z } from 'zod';
import { counterName, type DevicePresence } from './protocol.js';
import type { Score } from './scale.js';

/**
 * PATCH /api/admin/counters/:id: rename, or change the defaults a newly paired device starts with (its scale and
 * minimum interval). Devices already paired keep their own; they are changed one by one (PATCH /api/admin/devices/:id).
 */
export const updateCounterRequest = z
  .strictObject({
    name: counterName.optional(),
    buttons: z.number().int().min(2).max(5).optional(),
    minIntervalS: z.number().min(0).max(600).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateCounterRequest = z.input<typeof updateCounterRequest>;

/** GET /api/admin/duty: who is signed in at each counter. */
export const dutyEntry = z.object({
  counterId: z.string(),
  counterName: z.string(),
  user: z.object({ id: z.string(), displayName: z.string() }).nullable(),
});
export type DutyEntry = z.infer<typeof dutyEntry>;

/** A device as GET /api/admin/devices lists it: its presence, plus its scale and minimum interval. */
export type AdminDeviceView = DevicePresence & { scale: { buttons: 2 | 3 | 4 | 5; map: Score[] }; minIntervalS: number };
