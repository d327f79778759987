/**
 * What the waiting-room screen shows (the /display socket's 'display:figures' and GET /api/display): today's
 * aggregates only. No names of staff or citizens, no phone numbers, no file codes, no device ids: counters appear by
 * their public name (the sign above the desk), with counts.
 */
import { z } from 'zod';
import type { Level3 } from './scale.js';

const count = z.number();
export const displayFigures = z.object({
  /** the commune's name, for the screen's title */
  commune: z.string(),
  day: z.string(),
  /** unflagged ratings today */
  ratings: count,
  /** (4 + 5) / ratings, 0–1; null with no rating yet */
  satisfaction: z.number().nullable(),
  /** ratings on the 3 levels the province reports on (foldTo3, docs/statistics.md): 5 / 4 / 3+2+1 */
  levels: z.object({ 'very-satisfied': count, satisfied: count, 'not-satisfied': count } satisfies Record<Level3, typeof count>),
  files: z.object({ returned: count, returnedOnTime: count, received: count }),
  counters: z.array(z.object({ name: z.string(), ratings: count, satisfaction: z.number().nullable() })),
  /** when these figures were computed (hub clock) */
  at: z.number(),
});
export type DisplayFigures = z.infer<typeof displayFigures>;

export interface HubToDisplay {
  'display:figures': (f: DisplayFigures) => void;
}
