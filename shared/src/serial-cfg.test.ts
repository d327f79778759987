import { describe, expect, it } from 'vitest';
import { checksum, parseSentence } from './serial.js';
import { formatCfg, parseCfg } from './serial-cfg.js';

describe('$CFG, the one-time serial and button count', () => {
  it('is formatted with its checksum and read back', () => {
    const line = formatCfg({ serial: 'BX-0007', buttons: 4 });
    expect(line).toBe(`$CFG,BX-0007,4*${checksum('CFG,BX-0007,4')}\r\n`);
    expect(parseCfg(line)).toEqual({ serial: 'BX-0007', buttons: 4 });
  });
  it('is an unknown type to a v1 agent, so it never becomes anything there', () => {
    expect(parseSentence(formatCfg({ serial: 'A', buttons: 2 }))).toEqual({ ok: false, reason: 'unknown-type' });
  });
  it('refuses what a box must ignore', () => {
    expect(() => formatCfg({ serial: 'has space', buttons: 4 })).toThrow(/bad-serial/);
    expect(() => formatCfg({ serial: 'A'.repeat(17), buttons: 4 })).toThrow(/bad-serial/);
    expect(() => formatCfg({ serial: 'BX-1', buttons: 6 })).toThrow(/bad-button-count/);
    expect(parseCfg('$CFG,BX-1,4*00')).toBeNull();
    expect(parseCfg(`$CFG,BX-1,1*${checksum('CFG,BX-1,1')}`)).toBeNull();
    expect(parseCfg(`$CFG,,4*${checksum('CFG,,4')}`)).toBeNull();
  });
});
