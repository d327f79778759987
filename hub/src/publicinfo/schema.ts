import { z } from 'zod';

/**
 * A published phone number as people write it: a mobile, a landline with its area code (0203 3825 123), or a
 * hotline; digits, spaces, dots, dashes, brackets and a leading +. Kept as written: it is read, not dialled by us.
 */
export const PUBLIC_PHONE_RE = /^\+?[0-9][0-9 .()-]{2,23}$/;

/** POST /api/admin/contacts and PUT /api/admin/contacts/{id}. */
export const contactInput = z.strictObject({
  /** Nguyễn Văn A */
  name: z.string().trim().min(1).max(120),
  /** Chủ tịch UBND xã, Phó Chủ tịch UBND xã, Công chức Tư pháp – Hộ tịch, Đường dây nóng */
  title: z.string().trim().min(1).max(160),
  phone: z.string().trim().regex(PUBLIC_PHONE_RE, 'a phone number: digits, spaces, dots, dashes, brackets, a leading +'),
  /** order on the kiosk, smallest first; equal ones by creation */
  position: z.number().int().min(0).max(999).optional(),
});
export type ContactInput = z.input<typeof contactInput>;

export interface ContactView {
  id: string;
  name: string;
  title: string;
  phone: string;
  position: number;
}

/** GET /api/public/info: what the kiosk shows besides ratings and the procedure list. */
export interface PublicInfoView {
  communeName: string;
  contacts: ContactView[];
}
