import { describe, expect, it } from 'vitest';
import { photoType } from './photos.js';

describe('a staff photo is known by its bytes, not by what it claims', () => {
  it('recognises JPEG, PNG and WebP', () => {
    expect(photoType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(photoType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('image/png');
    expect(photoType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
  });

  it('refuses anything else: SVG (scripts), GIF, HTML, a truncated header', () => {
    for (const b of [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), Buffer.from('GIF89a'), Buffer.from('<html>'), Buffer.from([0xff, 0xd8]), Buffer.from('RIFF1234WAVE')]) {
      expect(photoType(b)).toBeNull();
    }
  });
});
