import { z } from 'zod';
import { formatDateVi, formatTimeVi } from './time.js';

/**
 * An alert is stored as its kind and the facts behind it (hub/src/alerts), and put into words here, in either
 * language: the hub's SMS to the alert phone and its `detail` use Vietnamese, the admin pages the language chosen
 * (kiosk-ui's catalogues take these functions), so an English admin never reads a Vietnamese sentence.
 */
export const alertParamsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('counter-satisfaction'), counter: z.string(), rate: z.number(), lastN: z.number().int(), threshold: z.number() }),
  z.object({ kind: z.literal('device-offline'), device: z.enum(['kiosk', 'box']), label: z.string().nullable(), counter: z.string(), since: z.number() }),
  z.object({ kind: z.literal('sms-gateway'), failures: z.number().int(), lastError: z.string() }),
  z.object({ kind: z.literal('upstream'), date: z.string(), attempts: z.number().int(), why: z.string() }),
  z.object({ kind: z.literal('backup'), error: z.string() }),
  // someone is trying pairing codes (issue 11, finding 4): wrong codes and addresses seen when it was raised
  z.object({ kind: z.literal('pairing-guessing'), wrong: z.number().int(), addresses: z.number().int(), lastAddress: z.string(), since: z.number() }),

  /** the Zalo OA's token could not be refreshed: refused, or lost (an earlier refresh spent it and its answer never came) */
  z.object({ kind: z.literal('zns-token'), why: z.enum(['refused', 'lost', 'missing']), code: z.string() }),

  // citizen SMS are held while the commune's name, code or contact phone is not set (issue 14): which parts are missing
  z.object({ kind: z.literal('commune-identity'), missing: z.array(z.enum(['name', 'code', 'phone'])) }),
]);
export type AlertParams = z.infer<typeof alertParamsSchema>;
export type AlertKind = AlertParams['kind'];
export const ALERT_KINDS = ['counter-satisfaction', 'device-offline', 'sms-gateway', 'upstream', 'backup', 'pairing-guessing', 'zns-token', 'commune-identity'] as const satisfies readonly AlertKind[];

const MISSING_VI = { name: 'tên xã', code: 'mã đơn vị', phone: 'số điện thoại liên hệ' } as const;
const MISSING_EN = { name: 'name', code: 'code', phone: 'contact phone' } as const;
const listed = (xs: string[], and: string) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} ${and} ${xs[xs.length - 1]}`);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const when = (ms: number) => `${formatTimeVi(ms)} ${formatDateVi(ms)}`;
const dmy = (day: string) => day.split('-').reverse().join('/');

export function alertTextVi(p: AlertParams): string {
  switch (p.kind) {
    case 'counter-satisfaction':
      return `${p.counter}: tỉ lệ hài lòng ${pct(p.rate)} trong ${p.lastN} đánh giá gần nhất (ngưỡng ${pct(p.threshold)}).`;
    case 'device-offline':
      return `${p.device === 'kiosk' ? 'Máy đánh giá cảm ứng' : 'Hộp nút bấm'}${p.label ? ` "${p.label}"` : ''} ở ${p.counter} mất kết nối từ ${when(p.since)}.`;
    case 'sms-gateway':
      return `Cổng SMS: ${p.failures} lần gửi thất bại liên tiếp (lỗi gần nhất: ${p.lastError}).`;
    case 'upstream':
      return `Gửi báo cáo ngày ${dmy(p.date)} lên cấp trên không thành công sau ${p.attempts} lần${p.why ? ` (${p.why})` : ''}.`;
    case 'backup':
      return `Sao lưu dữ liệu đêm nay không thành công: ${p.error}`;
    case 'pairing-guessing':
      return `Có người đang dò mã ghép nối thiết bị: ${p.wrong} mã sai từ ${p.addresses} địa chỉ (gần nhất ${p.lastAddress}) từ ${when(p.since)}; các lần thử tiếp theo đang bị chặn tạm thời.`;
    case 'zns-token':
      return `Zalo ZNS đã dừng, tin nhắn đang gửi bằng SMS: ${
        p.why === 'lost'
          ? 'lần làm mới access token trước bị gián đoạn (mất điện hoặc mất mạng) nên refresh token đã bị dùng mất'
          : p.why === 'missing'
            ? 'chưa có refresh token'
            : 'Zalo từ chối refresh token'
      } (mã ${p.code}). Cần làm: vào developers.zalo.me, mở ứng dụng của OA, cấp quyền lại cho OA để lấy refresh token mới, rồi dán vào /admin/settings, mục Zalo ZNS, ô "Refresh token mới".`;
    case 'commune-identity':
      return `Tin nhắn cho người dân đang được giữ lại, chưa gửi: xã chưa nhập ${listed(p.missing.map((m) => MISSING_VI[m]), 'và')} (Quản trị → Cài đặt). Tin sẽ được gửi khi đã nhập đủ, nếu còn hiệu lực.`;
  }
}

export function alertTextEn(p: AlertParams): string {
  switch (p.kind) {
    case 'counter-satisfaction':
      return `${p.counter}: ${pct(p.rate)} satisfied in the last ${p.lastN} ratings (threshold ${pct(p.threshold)}).`;
    case 'device-offline':
      return `${p.device === 'kiosk' ? 'Touch rating screen' : 'Button box'}${p.label ? ` "${p.label}"` : ''} at ${p.counter} offline since ${when(p.since)}.`;
    case 'sms-gateway':
      return `SMS gateway: ${p.failures} failed sends in a row (last error: ${p.lastError}).`;
    case 'upstream':
      return `The daily report of ${dmy(p.date)} was not accepted upstream after ${p.attempts} attempts${p.why ? ` (${p.why})` : ''}.`;
    case 'backup':
      return `Tonight's backup failed: ${p.error}`;
    case 'pairing-guessing':
      return `Someone is guessing device pairing codes: ${p.wrong} wrong code${p.wrong === 1 ? '' : 's'} from ${p.addresses} address${p.addresses === 1 ? '' : 'es'} (latest ${p.lastAddress}) since ${when(p.since)}; further attempts are being held back.`;
    case 'zns-token':
      return `Zalo ZNS has stopped and messages are going by SMS: ${
        p.why === 'lost'
          ? 'an earlier access-token refresh was cut off (power or network) and used up the refresh token'
          : p.why === 'missing'
            ? 'there is no refresh token'
            : 'Zalo refused the refresh token'
      } (code ${p.code}). To do: on developers.zalo.me open the OA's app, authorise the OA again to get a new refresh token, and paste it in /admin/settings, Zalo ZNS, "New refresh token".`;
    case 'commune-identity':
      return `Messages to citizens are held, not sent: the commune's ${listed(p.missing.map((m) => MISSING_EN[m]), 'and')} ${p.missing.length === 1 ? 'is' : 'are'} not set (Admin → Settings). They go out once set, if still valid.`;
  }
}
