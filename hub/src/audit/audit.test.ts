import { describe, expect, it } from 'vitest';
import { maskForAudit } from './service.js';

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
