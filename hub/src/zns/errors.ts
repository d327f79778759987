import type { SendResult } from '../sms/gateway.js';

/**
 * Zalo's ZNS error codes (the `error` of the answer; zalo.cloud "Cách xử lý mã lỗi"), sorted the way the outbox
 * needs them:
 *  - `fallback`: refused for this message, and SMS can still reach the citizen (no Zalo account, the number cannot
 *    receive ZNS, template not usable, quota used up, the app or OA misconfigured): the same message goes by SMS, once.
 *  - `token`: the access token was refused: refresh it and try the message again later.
 *  - `temporary`: Zalo says try again later.
 * A code not listed is a definite refusal too (Zalo answered and did not send), so it also falls back to SMS.
 */
export const ZNS_ERRORS: Record<number, { kind: 'fallback' | 'token' | 'temporary'; vi: string; en: string }> = {
  [-100]: { kind: 'temporary', vi: 'lỗi không xác định phía Zalo, thử lại sau', en: 'unknown error at Zalo, try again later' },
  [-101]: { kind: 'fallback', vi: 'ứng dụng gửi ZNS không hợp lệ (kiểm tra ZNS_APP_ID)', en: 'the sending app is invalid (check ZNS_APP_ID)' },
  [-102]: { kind: 'fallback', vi: 'ứng dụng không tồn tại (kiểm tra ZNS_APP_ID)', en: 'the app does not exist (check ZNS_APP_ID)' },
  [-103]: { kind: 'fallback', vi: 'ứng dụng chưa được kích hoạt', en: 'the app is not activated' },
  [-104]: { kind: 'fallback', vi: 'secret key của ứng dụng không hợp lệ (kiểm tra ZNS_APP_SECRET)', en: "the app's secret key is invalid (check ZNS_APP_SECRET)" },
  [-105]: { kind: 'fallback', vi: 'ứng dụng chưa liên kết với Official Account nào', en: 'the app is not linked to an Official Account' },
  [-106]: { kind: 'fallback', vi: 'phương thức không được hỗ trợ', en: 'method not supported' },
  [-108]: { kind: 'fallback', vi: 'số điện thoại không hợp lệ với Zalo', en: 'phone number invalid for Zalo' },
  [-109]: { kind: 'fallback', vi: 'ID mẫu ZNS không hợp lệ (mẫu chưa được duyệt hoặc không thuộc OA này)', en: 'template id invalid (not approved, or not this OA’s)' },
  [-110]: { kind: 'fallback', vi: 'người nhận dùng phiên bản Zalo không hỗ trợ ZNS', en: "the recipient's Zalo version does not support ZNS" },
  [-111]: { kind: 'fallback', vi: 'mẫu ZNS không có dữ liệu', en: 'template data empty' },
  [-112]: { kind: 'fallback', vi: 'dữ liệu mẫu ZNS không hợp lệ (kiểm tra ánh xạ tham số)', en: 'template data invalid (check the parameter mapping)' },
  [-114]: { kind: 'fallback', vi: 'người nhận không hoạt động, đã từ chối ZNS hoặc dùng Zalo cũ', en: 'recipient inactive, refused ZNS or on an old Zalo' },
  [-115]: { kind: 'fallback', vi: 'tài khoản ZNS hết hạn mức / không đủ số dư', en: 'ZNS quota used up / balance too low' },
  [-116]: { kind: 'fallback', vi: 'nội dung không hợp lệ', en: 'text invalid' },
  [-117]: { kind: 'fallback', vi: 'OA hoặc ứng dụng không có quyền dùng mẫu này (mẫu chưa duyệt)', en: 'the OA or app may not use this template (not approved)' },
  [-118]: { kind: 'fallback', vi: 'số điện thoại không có tài khoản Zalo', en: 'no Zalo account for this number' },
  [-119]: { kind: 'fallback', vi: 'tài khoản Zalo không nhận được ZNS', en: 'this Zalo account cannot receive ZNS' },
  [-124]: { kind: 'token', vi: 'access token không hợp lệ hoặc đã hết hạn', en: 'access token invalid or expired' },
};

/** The short code stored on the message: zns-118, zns-no-zalo stays readable through the text. */
export const znsCode = (error: number) => `zns${error}`;

/** Zalo's answer with `error` ≠ 0, as a send result. */
export function classifyZnsError(error: number, message: string): SendResult & { fallback?: true } {
  const known = ZNS_ERRORS[error];
  const text = `${known ? known.en : 'refused by Zalo'} (${error}${message ? `: ${message.slice(0, 200)}` : ''})`;
  if (known?.kind === 'temporary') return { kind: 'temporary', code: znsCode(error), text };
  if (known?.kind === 'token') return { kind: 'temporary', code: znsCode(error), text, retryAfterMs: 30_000 };
  return { kind: 'permanent', code: znsCode(error), text, fallback: true };
}

/** OAuth answers (refresh): the refresh token was used before (its pair was lost) or is no longer valid. */
export const OAUTH_TOKEN_SPENT = new Set([-14020, -14014, -14005, -14006]);
