import { describe, expect, it } from 'vitest';
import { ALERT_KINDS, alertParamsSchema, alertTextEn, alertTextVi, type AlertParams } from './alertText.js';

const samples: AlertParams[] = [
  { kind: 'counter-satisfaction', counter: 'Quầy 1', rate: 0.45, lastN: 20, threshold: 0.6 },
  { kind: 'device-offline', device: 'box', label: 'Hộp 1', counter: 'Quầy 1', since: Date.UTC(2026, 10, 23, 2, 0) },
  { kind: 'device-offline', device: 'kiosk', label: null, counter: 'Quầy 2', since: Date.UTC(2026, 10, 23, 2, 0) },
  { kind: 'sms-gateway', failures: 3, lastError: 'network-ECONNREFUSED' },
  { kind: 'upstream', date: '2026-11-21', attempts: 3, why: 'HTTP 503' },
  { kind: 'backup', error: 'ENOSPC' },
  { kind: 'pairing-guessing', wrong: 10, addresses: 1, lastAddress: '192.168.1.66', since: Date.UTC(2026, 10, 23, 2, 0) },
  { kind: 'zns-token', why: 'lost', code: '-14020' },
  { kind: 'commune-identity', missing: ['name', 'phone'] },
];

describe('alert texts', () => {
  it('say each kind in Vietnamese as the hub always has, and in English', () => {
    expect(samples.map(alertTextVi)).toEqual([
      'Quầy 1: tỉ lệ hài lòng 45% trong 20 đánh giá gần nhất (ngưỡng 60%).',
      'Hộp nút bấm "Hộp 1" ở Quầy 1 mất kết nối từ 09:00 23/11/2026.',
      'Máy đánh giá cảm ứng ở Quầy 2 mất kết nối từ 09:00 23/11/2026.',
      'Cổng SMS: 3 lần gửi thất bại liên tiếp (lỗi gần nhất: network-ECONNREFUSED).',
      'Gửi báo cáo ngày 21/11/2026 lên cấp trên không thành công sau 3 lần (HTTP 503).',
      'Sao lưu dữ liệu đêm nay không thành công: ENOSPC',
      'Có người đang dò mã ghép nối thiết bị: 10 mã sai từ 1 địa chỉ (gần nhất 192.168.1.66) từ 09:00 23/11/2026; các lần thử tiếp theo đang bị chặn tạm thời.',
      'Zalo ZNS đã dừng, tin nhắn đang gửi bằng SMS: lần làm mới access token trước bị gián đoạn (mất điện hoặc mất mạng) nên refresh token đã bị dùng mất (mã -14020). Cần làm: vào developers.zalo.me, mở ứng dụng của OA, cấp quyền lại cho OA để lấy refresh token mới, rồi dán vào /admin/settings, mục Zalo ZNS, ô "Refresh token mới".',
      'Tin nhắn cho người dân đang được giữ lại, chưa gửi: xã chưa nhập tên xã và số điện thoại liên hệ (Quản trị → Cài đặt). Tin sẽ được gửi khi đã nhập đủ, nếu còn hiệu lực.',
    ]);
    expect(samples.map(alertTextEn)).toEqual([
      'Quầy 1: 45% satisfied in the last 20 ratings (threshold 60%).',
      'Button box "Hộp 1" at Quầy 1 offline since 09:00 23/11/2026.',
      'Touch rating screen at Quầy 2 offline since 09:00 23/11/2026.',
      'SMS gateway: 3 failed sends in a row (last error: network-ECONNREFUSED).',
      'The daily report of 21/11/2026 was not accepted upstream after 3 attempts (HTTP 503).',
      "Tonight's backup failed: ENOSPC",
      'Someone is guessing device pairing codes: 10 wrong codes from 1 address (latest 192.168.1.66) since 09:00 23/11/2026; further attempts are being held back.',
      'Zalo ZNS has stopped and messages are going by SMS: an earlier access-token refresh was cut off (power or network) and used up the refresh token (code -14020). To do: on developers.zalo.me open the OA\'s app, authorise the OA again to get a new refresh token, and paste it in /admin/settings, Zalo ZNS, "New refresh token".',
      "Messages to citizens are held, not sent: the commune's name and contact phone are not set (Admin → Settings). They go out once set, if still valid.",
    ]);
  });

  it('cover every kind, and the schema refuses facts of the wrong shape', () => {
    expect(new Set(samples.map((s) => s.kind))).toEqual(new Set(ALERT_KINDS));
    expect(alertParamsSchema.safeParse({ kind: 'backup' }).success).toBe(false);
    expect(alertParamsSchema.safeParse({ kind: 'fire', error: 'x' }).success).toBe(false);
  });
});
