import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { buildDailySummary } from '../hub/src/summary/build.js';
import { ROOT } from './helpers/procs.js';
import { ScriptedGateway, localTime } from './sms/helpers.js';
import { smsHub, type SmsHub } from './sms/hub.js';

const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
const formats = (addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats;
const ajv = new Ajv({ allErrors: true, strict: false });
formats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/contracts/daily-summary.v1.schema.json'), 'utf8')));

let h: SmsHub | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('daily summary with files and SMS', () => {
  it('counts the day\'s files and messages from the features\' own figures, and no personal data leaves', async () => {
    h = await smsHub({ gateway: new ScriptedGateway(), sms: { quietHours: '' } });
    const { files, procedures, apiTokens } = h.hub.services;
    const { view } = apiTokens.create({ name: 'test' });
    const API = { kind: 'token', tokenId: view.id, name: view.name } as const;
    procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 });
    h.clock.set(localTime(8, 0));
    files.receiveFromApi({ code: 'HS-A', procedureCode: 'HT-KS', citizenName: 'Nguyễn Văn An', phone: '0912 345 678' }, API);
    files.receiveFromApi({ code: 'HS-B', procedureCode: 'HT-KS', citizenName: 'Trần Thị Bình', phone: '0987 654 321' }, API);
    h.clock.set(localTime(10, 0));
    files.transition('HS-A', { status: 'ready' }, API);
    h.clock.advance(60_000); // past the clerk's undo window: the "ready" SMS is held until then (issue 14 §2)
    await h.hub.services.sms.worker.runOnce();
    h.clock.set(localTime(11, 0));
    files.transition('HS-A', { status: 'returned' }, API);
    h.clock.set(localTime(16, 0));

    const s = buildDailySummary(h.db, h.clock, { date: '2026-11-21', commune: { code: '26734', name: 'UBND xã Ví Dụ' } });
    expect(validate(s), JSON.stringify(validate.errors)).toBe(true);
    expect(s.files).toEqual({ received: 2, ready: 1, returned: 1, late: 0, apologies: 0, openAtEndOfDay: 1 });
    expect(s.sms).toEqual({ sent: 1, delivered: 0, failed: 0 });
    const text = JSON.stringify(s);
    for (const personal of ['Nguyễn', 'Bình', '912345678', '987654321', 'HS-A']) expect(text).not.toContain(personal);
  });
});
