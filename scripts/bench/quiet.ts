/**
 * The one rule every benchmark uses to say whether its times can be trusted (docs/performance.md): the 1-minute load
 * average below 1 when it started and below 2.5 when it ended. Import it first thing: the start is read on import.
 * Each benchmark spreads `loadFields()` into the JSON object it prints last; bench:ratings adds its own baseline check.
 */
import os from 'node:os';

const loadAtStart = os.loadavg()[0]!;

export function loadFields(): { load_avg_start: number; load_avg_end: number; quiet: boolean } {
  const end = os.loadavg()[0]!;
  return { load_avg_start: Math.round(loadAtStart * 100) / 100, load_avg_end: Math.round(end * 100) / 100, quiet: loadAtStart < 1 && end < 2.5 };
}
