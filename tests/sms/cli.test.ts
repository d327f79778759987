import { afterEach, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { parseConfig } from '../../hub/src/config/config.js';
import { smsTestCommand } from '../../hub/src/sms/cli.js';
import { commandServices } from '../../hub/src/services.js';
import { ScriptedGateway, smsSetup, type SmsSetup } from './helpers.js';

let s: SmsSetup | null = null;
afterEach(async () => {
  await s?.close();
});

describe('hub sms test', () => {
  it('queues a test message in the outbox, which the running hub then sends', async () => {
    const gw = new ScriptedGateway();
    s = smsSetup({ gateway: gw, config: { quietHours: '' } });
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    const id = smsTestCommand(commandServices(parseConfig({ dataDir: s.dir, commune: { code: '1', name: 'UBND xã Ví Dụ' } }), s.db), '0912 345 678', out);
    expect(text.trim().split('\n').pop()).toBe(id);
    expect(text).toContain('09xx xxx 678');
    expect(text).not.toContain('912345678');
    expect(s.row(id)).toMatchObject({ kind: 'test', status: 'queued', to_phone: '+84912345678' });
    s.clock.set(Date.now() + 1000); // the command dates the message by the system clock
    await s.sms.worker.runOnce(); // the hub's worker on the same file
    expect(gw.sends.map((m) => m.body)).toEqual(['UBND xa Vi Du: tin nhan thu cua he thong mot cua. Khong can tra loi.']);
    expect(() => smsTestCommand(commandServices(parseConfig({ dataDir: s!.dir }), s!.db), '024 3825 1234', out)).toThrow(/phone-not-mobile/);
  });
});
