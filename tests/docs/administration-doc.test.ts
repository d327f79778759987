import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_KINDS } from '@onestop/shared';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const page = fs.readFileSync(path.join(ROOT, 'docs/administration.md'), 'utf8');

describe('docs/administration.md', () => {
  it('lists exactly the audit kinds the hub records (a new kind must be documented)', () => {
    const row = page.split('\n').find((l) => l.startsWith('| `GET /api/admin/audit` |'));
    expect(row).toBeDefined();
    const listed = /`kind` \(([^)]*)\)/.exec(row!)![1]!;
    expect([...listed.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]).sort()).toEqual([...AUDIT_KINDS].sort());
  });
});
