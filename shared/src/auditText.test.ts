import { describe, expect, it } from 'vitest';
import { AUDIT_WORDS_EN, AUDIT_WORDS_VI, auditChanges } from './auditText.js';

describe('the audit log in words', () => {
  it('shows the pairing code of issue 14 with the counter by name, the expiry as dd/mm/yyyy HH:mm in Vietnam time, the fields named', () => {
    const names = { 'q-fbc7abbe': 'Quầy Tư pháp' };
    const after = { counterId: 'q-fbc7abbe', expiresAt: Date.UTC(2026, 11, 2, 3, 5) };
    expect(auditChanges(null, after, names, AUDIT_WORDS_VI)).toEqual([
      { key: 'counterId', field: 'Quầy', before: '—', after: 'Quầy Tư pháp', typed: false },
      { key: 'expiresAt', field: 'Hết hạn lúc', before: '—', after: '02/12/2026 10:05', typed: false },
    ]);
    expect(auditChanges(null, after, names, AUDIT_WORDS_EN).map((c) => `${c.field}: ${c.after}`)).toEqual(['Counter: Quầy Tư pháp', 'Expires: 02/12/2026 10:05']);
  });

  it('marks a sign-in name as typed text, to be shown as code and not read as a word', () => {
    const after = { username: 'admin', displayName: 'Quản trị' };
    expect(auditChanges(null, after, {}, AUDIT_WORDS_VI).map((c) => [c.key, c.typed])).toEqual([
      ['username', true],
      ['displayName', false],
    ]);
  });

  it('lists only the fields that changed, days as dd/mm/yyyy and yes/no in words, leaving the record id out', () => {
    const before = { id: 'u-0a1b2c3d4e', disabled: false, dueDate: '2026-12-01', buttons: 4 };
    const after = { id: 'u-0a1b2c3d4e', disabled: true, dueDate: '2026-12-03', buttons: 4 };
    expect(auditChanges(before, after, {}, AUDIT_WORDS_VI).map((c) => `${c.field}: ${c.before} → ${c.after}`)).toEqual(['Đã khóa: Không → Có', 'Ngày hẹn: 01/12/2026 → 03/12/2026']);
  });
});
