import { afterEach, describe, expect, it } from 'vitest';
import { buildFirmware } from '../helpers/box-sim.js';

const PATH = process.env.PATH;
afterEach(() => {
  process.env.PATH = PATH;
});

describe('the firmware build the box tests rely on', () => {
  it('builds the .elf and the harness, and fails naming the Debian package when the AVR compiler is missing', () => {
    const built = buildFirmware(9600);
    expect(built.elf).toMatch(/button-box\.elf$/);
    process.env.PATH = '/nonexistent';
    expect(() => buildFirmware(9600)).toThrow(/gcc-avr.*apt-get install .*gcc-avr/);
  });
});
