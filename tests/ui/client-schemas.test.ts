/**
 * The public pages check the hub's answers with JSON Schemas generated from the shared zod schemas
 * (shared/src/clientSchemas.ts, shared/src/jsonCheck.ts). These hold them to it: the file is what the generator
 * writes now, and the checker accepts and refuses exactly what zod does, over valid answers and their mutations.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { DEVICE_CONFIG_JSON, deviceConfigCheck, displayFiguresCheck, jsonProblem, unknownKeywords, type DeviceConfig, type DisplayFigures } from '@onestop/shared';
import { CLIENT_SCHEMAS, renderClientSchemas, TARGET } from '../../scripts/gen/client-schemas.ts';

const config: DeviceConfig = { deviceId: 'd-1', kind: 'kiosk', counter: { id: 'c-1', name: 'Quầy 1' }, scale: { buttons: 4, map: [5, 4, 3, 2] }, minIntervalS: 3 };
const figures: DisplayFigures = {
  commune: 'Xã Ví Dụ',
  day: '2026-12-02',
  ratings: 12,
  satisfaction: 0.75,
  levels: { 'very-satisfied': 6, satisfied: 3, 'not-satisfied': 3 },
  files: { returned: 4, returnedOnTime: 3, received: 9 },
  counters: [{ name: 'Quầy 1', ratings: 12, satisfaction: null }],
  at: 1_764_640_000_000,
};

/** Every value found by replacing one field (at any depth) with each odd value, or by removing it. */
function* mutations(value: unknown): Generator<unknown> {
  const odd = [undefined, null, '', 'x', 0, -1, 1.5, 6, 1e20, true, [], {}, [1], { a: 1 }];
  if (Array.isArray(value)) {
    yield value.slice(1);
    yield [...value, value[0]];
    yield [...value, ...value, ...value];
    for (let i = 0; i < value.length; i++) for (const m of [...odd, ...mutations(value[i])]) yield value.map((v, j) => (j === i ? m : v));
    return;
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    yield { ...o, extra: 1 };
    for (const k of Object.keys(o)) {
      const { [k]: _gone, ...rest } = o;
      yield rest;
      for (const m of [...odd, ...mutations(o[k])]) yield { ...o, [k]: m };
    }
  }
}

const cases: [string, ZodType, { safeParse(v: unknown): { success: boolean } }, unknown][] = [
  ['DeviceConfig', CLIENT_SCHEMAS.DEVICE_CONFIG[0], deviceConfigCheck, config],
  ['DisplayFigures', CLIENT_SCHEMAS.DISPLAY_FIGURES[0], displayFiguresCheck, figures],
];

describe('client schemas', () => {
  it('shared/src/clientSchemas.ts is what `npm run gen:client-schemas` writes from the zod schemas today', () => {
    expect(fs.readFileSync(TARGET, 'utf8'), 'run `npm run gen:client-schemas`').toBe(renderClientSchemas());
  });

  for (const [name, zod, check, valid] of cases) {
    it(`${name}: the checker agrees with zod on the valid answer and on every one-field mutation of it`, () => {
      expect(check.safeParse(valid).success).toBe(true);
      let refused = 0;
      let n = 0;
      for (const m of mutations(valid)) {
        n++;
        const want = zod.safeParse(m).success;
        expect(check.safeParse(m).success, JSON.stringify(m)).toBe(want);
        if (!want) refused++;
      }
      expect(n).toBeGreaterThan(100);
      expect(refused).toBeGreaterThan(n / 2);
    });
  }

  it('says where an answer is wrong', () => {
    expect(jsonProblem(DEVICE_CONFIG_JSON, { ...config, scale: { buttons: 4, map: [5, 4, 9] } })).toBe('$.scale.map[2]: above 5');
    expect(jsonProblem(DEVICE_CONFIG_JSON, { ...config, counter: { id: 'c-1' } })).toBe('$.counter.name: missing');
  });

  it('the generator refuses a schema using a keyword the checker does not apply', () => {
    expect(unknownKeywords({ type: 'object', properties: { a: { type: 'string', format: 'email' } } })).toEqual(['format']);
    expect(unknownKeywords({ type: 'array', items: { anyOf: [{ type: 'string' }, { not: {} }] } })).toEqual(['not']);
  });
});
