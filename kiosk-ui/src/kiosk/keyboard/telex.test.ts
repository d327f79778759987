import { describe, expect, it } from 'vitest';
import { backspace, markKey, toneKey, typeKey } from './telex';

const type = (keys: string, from = '') => [...keys].reduce(typeKey, from);

describe('Telex composition on the kiosk keyboard', () => {
  it('types the issue’s sentence with its diacritics', () => {
    expect(type('Chowf laau quas')).toBe('Chờ lâu quá');
  });

  it('places the tone by the usual rule: on a marked vowel, before a final consonant, on the first of two open vowels', () => {
    expect(type('nguwowif')).toBe('người');
    expect(type('thuyeenf')).toBe('thuyền');
    expect(type('muas')).toBe('múa');
    expect(type('hoaf')).toBe('hòa');
    expect(type('toans')).toBe('toán');
    expect(type('nhuwngx')).toBe('những');
    expect(type('khoong')).toBe('không');
    expect(type('dduwowcj')).toBe('được');
  });

  it('leaves qu- and gi- to the consonant', () => {
    expect(type('quas')).toBe('quá');
    expect(type('giowf')).toBe('giờ');
    expect(type('gif')).toBe('gì');
    expect(type('quaw')).toBe('quă');
  });

  it('moves the tone when a mark comes after it', () => {
    expect(type('tuoisw')).toBe('tưới');
    expect(type('ddoons')).toBe('đốn');
  });

  it('undoes a tone or a mark typed twice, and types the letter', () => {
    expect(type('ass')).toBe('as');
    expect(type('aaa')).toBe('aa');
    expect(type('ddd')).toBe('dd');
    expect(type('baz')).toBe('baz');
    expect(type('basz')).toBe('ba');
  });

  it('types a plain letter where no composition applies, and w alone as ư', () => {
    expect(type('s')).toBe('s');
    expect(type('w')).toBe('ư');
    expect(type('2024')).toBe('2024');
    expect(type('xin chao')).toBe('xin chao');
  });

  it('keeps capitals', () => {
    expect(type('DDaf')).toBe('Đà');
    expect(type('VIEETJ')).toBe('VIỆT');
  });

  it('tone and mark keys do the same for those who do not know Telex', () => {
    expect(toneKey('cho', 'grave')).toBe('chò');
    expect(markKey(toneKey('cho', 'grave'), 'horn')).toBe('chờ');
    expect(markKey('lau', 'circumflex')).toBe('lâu');
    expect(toneKey(markKey('lau', 'circumflex'), 'acute')).toBe('lấu');
    expect(toneKey('quá', 'acute')).toBe('qua');
    expect(markKey('di', 'stroke')).toBe('đi');
    expect(markKey('Chờ ', 'horn')).toBe('Chờ ');
  });

  it('backspace removes one whole letter', () => {
    expect(backspace('Chờ')).toBe('Ch');
    expect(backspace('')).toBe('');
  });
});
