import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../db/open.js';
import { ProcedureService } from './service.js';

describe('days off at first start', () => {
  it('are added once per data directory; one the admin deleted does not come back', () => {
    const db = openDb(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hol-')), 'hub.sqlite'));
    const p = new ProcedureService(db, { now: () => Date.UTC(2026, 0, 2) });
    expect(p.seedHolidaysOnce()).toBe(true);
    expect(p.holidays(2026).map((h) => h.date)).toContain('2026-02-17');
    p.deleteHoliday('2026-05-01');
    expect(p.seedHolidaysOnce()).toBe(false);
    expect(p.holidays(2026).map((h) => h.date)).not.toContain('2026-05-01');
    db.close();
  });
});
