import { describe, expect, it } from 'vitest';
import { maskForAudit } from './service.js';
import { csvField } from './export.js';

describe('what the audit log keeps', () => {
  it('replaces secrets by *** at any depth, keeps "not set" visible, and masks a citizen phone number', () => {
    const v = maskForAudit({
      user: { username: 'lan' },
      password: 'Mk-1234567',
      nested: { authToken: 'abc', secret: null, kannelPassword: '' },
      'sms.kannel.password': 'x',
      token: 'tok',
      phone: '0912345678',
      list: [{ apiKey: 'k' }],
    });
    expect(v).toEqual({
      user: { username: 'lan' },
      password: '***',
      nested: { authToken: '***', secret: null, kannelPassword: '' },
      'sms.kannel.password': '***',
      token: '***',
      phone: expect.stringMatching(/678$/),
      list: [{ apiKey: '***' }],
    });
    expect(JSON.stringify(v)).not.toContain('0912345678');
  });
});

describe('a CSV field', () => {
  it('is quoted when it holds a comma, quote or line break, and a leading formula sign is neutralised', () => {
    expect(csvField('Quầy 1')).toBe('Quầy 1');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });
});
