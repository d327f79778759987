import { nationalVn } from '@onestop/shared';

/**
 * How a provider wants the number: `national` 0912345678 (eSMS), `international` 84912345678 (SpeedSMS, many
 * Vietnamese aggregators), `e164` +84912345678. The outbox keeps every number in E.164.
 */
export const NUMBER_FORMATS = ['national', 'international', 'e164'] as const;
export type NumberFormat = (typeof NUMBER_FORMATS)[number];

export function providerNumber(e164: string, format: NumberFormat): string {
  if (format === 'national') return nationalVn(e164);
  if (format === 'international') return e164.replace(/^\+/, '');
  return e164;
}
