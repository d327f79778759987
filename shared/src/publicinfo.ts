/** What the kiosk publishes besides ratings and procedures: the commune's name and its leaders' public phone numbers. */
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

export const contactView = z.object({ id: z.string(), name: z.string(), title: z.string(), phone: z.string(), position: z.number() });
export type ContactView = z.infer<typeof contactView>;

/** GET /api/public/info */
export const publicInfoView = z.object({ communeName: z.string(), contacts: z.array(contactView) });
export type PublicInfoView = z.infer<typeof publicInfoView>;
