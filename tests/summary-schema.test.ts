import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { dailySummarySchema } from '@onestop/shared';
import { ROOT } from './helpers/procs.js';

const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
const formats = (addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats;
const ajv = new Ajv({ allErrors: true, strict: false });
formats(ajv);
const contract = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/contracts/daily-summary.v1.schema.json'), 'utf8')));

const scores = { '1': 1, '2': 0, '3': 2, '4': 5, '5': 9 };
const valid = () => ({
  schema: 'one-stop-daily-summary/1',
  commune: { code: '26734', name: 'UBND xã Ví Dụ' },
  date: '2026-11-21',
  revision: 1,
  generatedAt: '2026-11-21T23:55:00+07:00',
  ratings: { total: 17, byScore: { ...scores }, flagged: 1, byCounter: [{ counter: 'Quầy 1', total: 17, byScore: { ...scores } }], reasons: { slow: 2 } },
  files: { received: 3, ready: 2, returned: 1, late: 0, apologies: 0, openAtEndOfDay: 2 },
  sms: { sent: 2, delivered: 1, failed: 0 },
  devices: { configured: 2, seenToday: 1 },
});

/** One change each, to the fields and rules the contract states. */
const variants: [string, (s: ReturnType<typeof valid>) => unknown][] = [
  ['as built', (s) => s],
  ['an unknown field kept', (s) => ({ ...s, extra: { anything: true } })],
  ['another schema id', (s) => ({ ...s, schema: 'one-stop-daily-summary/2' })],
  ['no commune', ({ commune: _c, ...s }) => s],
  ['a commune code too long', (s) => ({ ...s, commune: { ...s.commune, code: '12345678901234567' } })],
  ['an empty commune name', (s) => ({ ...s, commune: { ...s.commune, name: '' } })],
  ['a date not YYYY-MM-DD', (s) => ({ ...s, date: '21/11/2026' })],
  ['revision 0', (s) => ({ ...s, revision: 0 })],
  ['a fractional revision', (s) => ({ ...s, revision: 1.5 })],
  ['generatedAt not a date-time', (s) => ({ ...s, generatedAt: 'yesterday' })],
  ['a negative count', (s) => ({ ...s, sms: { ...s.sms, failed: -1 } })],
  ['a score missing', (s) => ({ ...s, ratings: { ...s.ratings, byScore: { '1': 1, '2': 0, '3': 2, '4': 5 } } })],
  ['a counter without a name', (s) => ({ ...s, ratings: { ...s.ratings, byCounter: [{ counter: '', total: 1, byScore: scores }] } })],
  ['a reason counted as text', (s) => ({ ...s, ratings: { ...s.ratings, reasons: { slow: 'two' } } })],
  ['no openAtEndOfDay', (s) => ({ ...s, files: { received: 3, ready: 2, returned: 1, late: 0, apologies: 0 } })],
  ['no devices', ({ devices: _d, ...s }) => s],
  ['not an object', () => 42],
];

describe('the daily summary schema in shared/', () => {
  it.each(variants)('agrees with the contract\'s JSON Schema: %s', (_name, change) => {
    const body = change(valid());
    expect(dailySummarySchema.safeParse(body).success).toBe(contract(body));
  });

  it('keeps what it does not know, as the contract asks of receivers', () => {
    const parsed = dailySummarySchema.parse({ ...valid(), extra: 1, ratings: { ...valid().ratings, byDevice: [] } });
    expect(parsed).toMatchObject({ extra: 1, ratings: { byDevice: [] } });
  });
});
