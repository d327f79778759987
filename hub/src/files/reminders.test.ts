import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { reminderJob } from './mount.js';

function fakes(enabled: boolean) {
  const calls: number[] = [];
  return { deps: { sms: { isEnabled: (kind: string) => kind === 'reminder' && enabled }, files: { sendReminders: (n: number) => (calls.push(n), 2) } }, calls };
}

describe('hub jobs', () => {
  it('sends reminders after the configured days only when the admin switched reminders on', () => {
    const on = fakes(true);
    const job = reminderJob(on.deps, 4, pino({ level: 'silent' }));
    job.run();
    expect(on.calls).toEqual([4]);
    const off = fakes(false);
    reminderJob(off.deps, 4, pino({ level: 'silent' })).run();
    expect(off.calls).toEqual([]);
    expect(job.cron).toBe('30 8 * * 1-5');
  });
});
