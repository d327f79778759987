import type { Level3 } from '@onestop/shared';
/** What the hub's /display socket and GET /api/display send (hub/src/display/service.ts): aggregates only. */
export interface DisplayFigures {
  commune: string;
  day: string;
  ratings: number;
  satisfaction: number | null;
  levels: Record<Level3, number>;
  files: { returned: number; returnedOnTime: number; received: number };
  counters: { name: string; ratings: number; satisfaction: number | null }[];
  at: number;
}

/** A rough shape check at the border: a screen shows nothing rather than something half-understood. */
export function isDisplayFigures(v: unknown): v is DisplayFigures {
  const f = v as DisplayFigures;
  return !!f && typeof f === 'object' && typeof f.day === 'string' && typeof f.ratings === 'number' && !!f.levels && !!f.files && Array.isArray(f.counters);
}
