import { describe, expect, it } from 'vitest';
import { vi } from './vi';
import { en } from './en';

/** Every leaf of a catalogue, as "path: kind", so the two languages can be compared key by key. */
function leaves(o: unknown, prefix = ''): string[] {
  if (typeof o === 'function') return [`${prefix}: function`];
  if (typeof o === 'string') return [`${prefix}: string`];
  if (Array.isArray(o)) return [`${prefix}: array(${o.length})`];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe('the message catalogues', () => {
  it('English has every text the Vietnamese catalogue has, of the same kind', () => {
    expect(leaves(en).sort()).toEqual(leaves(vi).sort());
  });

  it('no Vietnamese text is left empty', () => {
    const empty = leaves(vi).filter((l) => l.endsWith(': string')).map((l) => l.split(':')[0]!).filter((path) => {
      const v = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], vi);
      return typeof v === 'string' && v.trim() === '';
    });
    expect(empty).toEqual([]);
  });
});
