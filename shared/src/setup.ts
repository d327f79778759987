/**
 * The commune's first day (issue 14): its identity, the setup checklist the admin sees until every item is done
 * (GET /api/admin/setup), and the names devices get at pairing.
 */
import { z } from 'zod';
import type { DeviceKind } from './protocol.js';

/** The commune's identity before anyone sets it. Citizen SMS are held while any part is missing. */
export const UNSET_COMMUNE = { code: '00000', name: 'Xã chưa cấu hình' } as const;

export const IDENTITY_PARTS = ['name', 'code', 'phone'] as const;
export type IdentityPart = (typeof IDENTITY_PARTS)[number];

/** The parts of the identity not set yet: the defaults above, or no contact phone (templates' {contactPhone}). */
export function identityGaps(c: { code: string; name: string; phone: string }): IdentityPart[] {
  const gaps: IdentityPart[] = [];
  if (c.name.trim() === '' || c.name === UNSET_COMMUNE.name) gaps.push('name');
  if (c.code === UNSET_COMMUNE.code) gaps.push('code');
  if (c.phone.trim() === '') gaps.push('phone');
  return gaps;
}

/** The checklist, in the order an admin works through it; each item links to where it is done (kiosk-ui). */
export const SETUP_ITEMS = ['commune', 'contact-phone', 'sms-test', 'procedures', 'staff', 'counters', 'upstream'] as const;
export type SetupItemKey = (typeof SETUP_ITEMS)[number];

export const setupItem = z.object({
  key: z.enum(SETUP_ITEMS),
  done: z.boolean(),
  /** facts behind the tick, for the line under it (numbers only; the words are the catalogue's) */
  facts: z.record(z.string(), z.number()).default({}),
});
export type SetupItem = z.infer<typeof setupItem>;

/** GET /api/admin/setup */
export const setupChecklist = z.object({
  items: z.array(setupItem),
  complete: z.boolean(),
  /** citizen SMS held while the identity is missing (they go out once it is set, if still valid) */
  heldSms: z.number().int(),
});
export type SetupChecklist = z.infer<typeof setupChecklist>;

const KIND_NAMES: Record<DeviceKind, string> = { kiosk: 'Máy tính bảng', agent: 'Hộp nút' };

/**
 * A device's name at pairing, from its kind and counter: "Máy tính bảng quầy 1", "Hộp nút quầy 1"; a second of the
 * same kind at the counter is "… (2)". `taken`: the names of the counter's devices still in use.
 */
export function defaultDeviceLabel(kind: DeviceKind, counterName: string, taken: readonly string[]): string {
  const where = /^quầy\b/iu.test(counterName) ? counterName.charAt(0).toLowerCase() + counterName.slice(1) : `quầy ${counterName}`;
  const base = `${KIND_NAMES[kind]} ${where}`.slice(0, 54);
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base} (${n})`)) return `${base} (${n})`;
}
