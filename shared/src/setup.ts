/**
 * The setup checklist the admin sees until every item is done (GET /api/admin/setup), issue 14. The commune's
 * identity and the devices' names are in commune.ts (no zod there: the kiosk's page reads it).
 */
import { z } from 'zod';

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
