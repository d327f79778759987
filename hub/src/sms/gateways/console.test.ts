import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../log.js';
import { ConsoleGateway } from './console.js';

describe('console gateway', () => {
  it('prints a message in plain lines a person can read: the masked number, then the text', async () => {
    const printed: string[] = [];
    const gw = new ConsoleGateway(silentLogger(), (t) => printed.push(t));
    const r = await gw.send({ id: 'm1', to: '+84912345678', body: 'Xa Vi Du: ho so 26734-0001 da co ket qua.\nLH 0210 3800 000', encoding: 'gsm7', segments: 1, validUntil: 0, attemptStartedAt: 0 });
    expect(r.kind).toBe('accepted');
    const lines = printed.join('').split('\n');
    expect(lines.some((l) => l.includes('đến / to') && l.includes('678') && !l.includes('912345678'))).toBe(true);
    expect(lines).toContain('  Xa Vi Du: ho so 26734-0001 da co ket qua.');
    expect(lines).toContain('  LH 0210 3800 000');
    expect(printed.join('')).not.toContain('{');
  });
});
