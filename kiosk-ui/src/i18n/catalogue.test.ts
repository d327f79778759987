import { describe, expect, it } from 'vitest';
import { vi } from './vi';
import { en } from './en';

/** Every leaf of a catalogue, as [path, kind] (a key may hold dots, e.g. a setting's "sms.undoSeconds"). */
function leaves(o: unknown, path: string[] = []): [string[], string][] {
  if (typeof o === 'function') return [[path, 'function']];
  if (typeof o === 'string') return [[path, 'string']];
  if (Array.isArray(o)) return [[path, `array(${o.length})`]];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...path, k]));
}
const shape = (o: unknown) => leaves(o).map(([p, kind]) => `${JSON.stringify(p)}: ${kind}`).sort();

describe('the message catalogues', () => {
  it('English has every text the Vietnamese catalogue has, of the same kind', () => {
    expect(shape(en)).toEqual(shape(vi));
  });

  it('no Vietnamese text is left empty', () => {
    const empty = leaves(vi).filter(([, kind]) => kind === 'string').map(([path]) => path).filter((path) => {
      const v = path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], vi);
      return typeof v === 'string' && v.trim() === '';
    });
    expect(empty).toEqual([]);
  });
});
