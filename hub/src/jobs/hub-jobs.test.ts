import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Hub } from '../app.js';
import { hubJobs } from './hub-jobs.js';

function fakeHub(enabled: boolean) {
  const calls: number[] = [];
  const hub = {
    services: {
      sms: { isEnabled: (kind: string) => kind === 'reminder' && enabled },
      files: { sendReminders: (n: number) => (calls.push(n), 2) },
    },
  } as unknown as Hub;
  return { hub, calls };
}

describe('hub jobs', () => {
  it('sends reminders after the configured days only when the admin switched reminders on', () => {
    const on = fakeHub(true);
    const job = hubJobs(on.hub, { reminderAfterDays: 4 }, pino({ level: 'silent' })).find((j) => j.name === 'sms-reminders')!;
    job.run();
    expect(on.calls).toEqual([4]);
    const off = fakeHub(false);
    hubJobs(off.hub, { reminderAfterDays: 4 }, pino({ level: 'silent' }))[0]!.run();
    expect(off.calls).toEqual([]);
    expect(job.cron).toBe('30 8 * * 1-5');
  });
});
