import { describe, expect, it } from 'vitest';
import { defaultDeviceLabel, identityGaps, UNSET_COMMUNE } from './commune.js';

describe('the first day', () => {
  it('a device is named from its kind and counter, numbered when the name is taken', () => {
    expect(defaultDeviceLabel('kiosk', 'Quầy 1', [])).toBe('Máy tính bảng quầy 1');
    expect(defaultDeviceLabel('agent', 'Quầy 1', ['Máy tính bảng quầy 1'])).toBe('Hộp nút quầy 1');
    expect(defaultDeviceLabel('kiosk', 'Quầy 1', ['Máy tính bảng quầy 1'])).toBe('Máy tính bảng quầy 1 (2)');
    expect(defaultDeviceLabel('kiosk', 'Quầy 1', ['Máy tính bảng quầy 1', 'Máy tính bảng quầy 1 (2)'])).toBe('Máy tính bảng quầy 1 (3)');
    expect(defaultDeviceLabel('agent', 'Tư pháp – Hộ tịch', [])).toBe('Hộp nút quầy Tư pháp – Hộ tịch');
    // within the 60 characters a label may have
    expect(defaultDeviceLabel('kiosk', 'Q'.repeat(60), ['x']).length).toBeLessThanOrEqual(60);
  });

  it("the commune's identity is missing while the name or code is at its default or there is no contact phone", () => {
    expect(identityGaps({ ...UNSET_COMMUNE, phone: '' })).toEqual(['name', 'code', 'phone']);
    expect(identityGaps({ code: '26734', name: UNSET_COMMUNE.name, phone: '0210 3800 123' })).toEqual(['name']);
    expect(identityGaps({ code: '26734', name: 'UBND xã Ví Dụ', phone: ' ' })).toEqual(['phone']);
    expect(identityGaps({ code: '26734', name: 'UBND xã Ví Dụ', phone: '0210 3800 123' })).toEqual([]);
  });
});
