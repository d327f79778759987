/**
 * The commune's first day (issue 14): its identity, and the names devices get at pairing. Plain functions without zod,
 * so the kiosk's page can use them within its budget.
 */
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

const KIND_NAMES: Record<DeviceKind, string> = { kiosk: 'Máy tính bảng', agent: 'Hộp nút' };

/**
 * A device's name at pairing, from its kind and counter: "Máy tính bảng quầy 1", "Hộp nút quầy 1"; a second of the
 * same kind at the counter is "… (2)". `taken`: the names of the counter's devices still in use.
 */
export function defaultDeviceLabel(kind: DeviceKind, counterName: string, taken: readonly string[]): string {
  const where = /^qu\u1ea7y\b/iu.test(counterName) ? counterName.charAt(0).toLowerCase() + counterName.slice(1) : `quầy ${counterName}`;
  const base = `${KIND_NAMES[kind]} ${where}`.slice(0, 54);
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base} (${n})`)) return `${base} (${n})`;
}
