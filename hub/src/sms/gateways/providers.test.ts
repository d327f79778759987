import { describe, expect, it } from 'vitest';
import { classifyEsmsAnswer, reportFromEsms } from './esms.js';
import { classifySpeedSmsAnswer, reportFromSpeedSms } from './speedsms.js';
import { providerNumber } from './number-format.js';

describe("the providers' answers sorted into accepted / temporary / permanent", () => {
  it('eSMS: 100 and 124 are accepted; 103 waits for a top-up; configuration and number errors fail; an unknown code or a bare error fails rather than retry', () => {
    expect(classifyEsmsAnswer({ CodeResult: '100', SMSID: 'abc' }, '')).toEqual({ kind: 'accepted', gatewayId: 'abc', gatewayStatus: 'accepted' });
    expect(classifyEsmsAnswer({ CodeResult: '124', ErrorMessage: 'Request exist 1' }, '')).toMatchObject({ kind: 'accepted', gatewayId: null, gatewayStatus: 'duplicate-request' });
    expect(classifyEsmsAnswer({ CodeResult: '103' }, '')).toMatchObject({ kind: 'temporary', code: 'esms-103' });
    for (const code of ['99', '101', '102', '104', '108', '140', '146', '177', '300']) {
      expect(classifyEsmsAnswer({ CodeResult: code }, ''), code).toMatchObject({ kind: 'permanent', code: `esms-${code}` });
    }
    expect(classifyEsmsAnswer({ CodeResult: '146', ErrorMessage: 'Sai template Brandname CSKH' }, '')).toMatchObject({ kind: 'permanent', text: expect.stringContaining('Sai template Brandname CSKH') });
    expect(classifyEsmsAnswer({ CodeResult: '999' }, '')).toMatchObject({ kind: 'permanent', code: 'esms-999' });
    expect(classifyEsmsAnswer({ error: 'Invalid request' }, '{"error":"Invalid request"}')).toMatchObject({ kind: 'permanent', code: 'esms-bad-answer' });
  });

  it("eSMS's reports: a success is delivered, a failure or a rejection failed, waiting still sent", () => {
    expect(reportFromEsms({ SMSID: 'a', SendStatus: '5', SendSuccess: '1', SendFailed: '0' })).toMatchObject({ status: 'delivered' });
    expect(reportFromEsms({ SMSID: 'a', SendStatus: '5', SendSuccess: '0', SendFailed: '1' })).toMatchObject({ status: 'failed', code: 'esms-send-failed' });
    expect(reportFromEsms({ SMSID: 'a', SendStatus: '4', SendSuccess: '0', SendFailed: '0' })).toMatchObject({ status: 'failed', code: 'esms-rejected' });
    expect(reportFromEsms({ SMSID: 'a', SendStatus: '7', SendSuccess: '0', SendFailed: '0' })).toMatchObject({ status: 'sent' });
    expect(reportFromEsms({ SMSID: 'a' })).toBeNull();
  });

  it('SpeedSMS: success is accepted unless our number is listed invalid; 300 and 500 wait; the rest fail; an answer that is neither success nor error is unknown', () => {
    const to = '+84912345678';
    expect(classifySpeedSmsAnswer({ status: 'success', code: '00', data: { tranId: 42, totalSMS: 1, totalPrice: 250, invalidPhone: [] } }, '', to)).toEqual({ kind: 'accepted', gatewayId: '42', gatewayStatus: 'accepted' });
    expect(classifySpeedSmsAnswer({ status: 'success', code: '00', data: { tranId: 42, invalidPhone: ['84912345678'] } }, '', to)).toMatchObject({ kind: 'permanent', code: 'speedsms-105' });
    expect(classifySpeedSmsAnswer({ status: 'success', code: '00', data: { tranId: 42, invalidPhone: ['0912345678'] } }, '', to)).toMatchObject({ kind: 'permanent', code: 'speedsms-105' });
    expect(classifySpeedSmsAnswer({ status: 'success', code: '00', data: { tranId: 42, invalidPhone: ['84987654321'] } }, '', to)).toMatchObject({ kind: 'accepted' });
    expect(classifySpeedSmsAnswer({ status: 'error', code: '105', message: 'Phone number invalid', invalidPhone: ['84912345678'] }, '', to)).toMatchObject({ kind: 'permanent', code: 'speedsms-105' });
    for (const code of ['300', '500']) expect(classifySpeedSmsAnswer({ status: 'error', code }, '', to), code).toMatchObject({ kind: 'temporary', code: `speedsms-${code}` });
    for (const code of ['007', '008', '009', '101', '110', '113', '777']) expect(classifySpeedSmsAnswer({ status: 'error', code }, '', to), code).toMatchObject({ kind: 'permanent', code: `speedsms-${code}` });
    expect(classifySpeedSmsAnswer({ status: 'error', message: 'no' }, '', to)).toMatchObject({ kind: 'permanent', code: 'speedsms-error', text: expect.stringContaining('(no)') });
    for (const answer of [undefined, null, 'OK', [], { ok: true }, { status: 'pending', code: '00' }]) {
      expect(classifySpeedSmsAnswer(answer, JSON.stringify(answer) ?? '', to), JSON.stringify(answer)).toMatchObject({ kind: 'unknown', code: 'speedsms-bad-answer' });
    }
  });

  it("SpeedSMS's per-number status: 0 delivered, 1–63 still on its way, 64 and above failed, anything else unread", () => {
    expect(reportFromSpeedSms('0', '1')).toMatchObject({ status: 'delivered', gatewayStatus: 'status-0' });
    expect(reportFromSpeedSms('1', '1')).toMatchObject({ status: 'sent' });
    expect(reportFromSpeedSms('63', '1')).toMatchObject({ status: 'sent', gatewayStatus: 'status-63' });
    expect(reportFromSpeedSms('64', '1')).toMatchObject({ status: 'failed', code: 'speedsms-status-64' });
    for (const s of ['', ' ', '-1', '1.5', 'DELIVRD']) expect(reportFromSpeedSms(s, '1'), s).toMatchObject({ status: 'unknown', code: 'speedsms-no-status' });
  });

  it('numbers in each provider\'s form', () => {
    expect(providerNumber('+84912345678', 'national')).toBe('0912345678');
    expect(providerNumber('+84912345678', 'international')).toBe('84912345678');
    expect(providerNumber('+84912345678', 'e164')).toBe('+84912345678');
  });
});
