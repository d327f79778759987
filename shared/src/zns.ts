import { z } from 'zod';
import { ZNS_TEMPLATE_KINDS } from './settings.js';

/**
 * The Zalo ZNS admin API (docs/sms.md, "Zalo ZNS"): the bodies the hub takes and the answers it gives, one schema
 * each for the hub, the admin page and docs/openapi.yaml.
 */

/** POST /api/admin/zns/test ("gửi thử"): a number, and optionally the kind whose template to try (default: the first set up). */
export const znsTestRequest = z.strictObject({ to: z.string().min(1).max(40), kind: z.enum(ZNS_TEMPLATE_KINDS).optional() });
export type ZnsTestRequest = z.input<typeof znsTestRequest>;

/** PUT /api/admin/zns/refresh-token: a refresh token from the Zalo developer console (write-only). */
export const znsRefreshTokenRequest = z.strictObject({ refreshToken: z.string().trim().min(8).max(2000) });
export type ZnsRefreshTokenRequest = z.input<typeof znsRefreshTokenRequest>;

/** Why the OA token could not be refreshed: Zalo refused the refresh token, or a refresh's answer was lost (token spent). */
export const ZNS_TOKEN_FAILURES = ['refused', 'lost'] as const;

/** GET /api/admin/zns/status (also the answer of PUT …/refresh-token). Secrets never appear in it. */
export const znsStatus = z.object({
  enabled: z.boolean(),
  appId: z.string().nullable(),
  /** per kind, the approved template's id, or null when the kind goes by SMS */
  templates: z.record(z.enum(ZNS_TEMPLATE_KINDS), z.string().nullable()),
  /** webhook: Zalo's delivery events reach PUBLIC_BASE_URL; polling: the hub asks for each message's status */
  deliveryReports: z.enum(['webhook', 'polling']),
  webhookUrl: z.string().nullable(),
  token: z.object({
    hasRefreshToken: z.boolean(),
    /** epoch ms */
    accessExpiresAt: z.number().nullable(),
    refresh: z.enum(['idle', 'begun', 'failed']),
    /** the last refresh that failed: Zalo's code, its words, when (epoch ms) */
    failure: z.object({ why: z.enum(ZNS_TOKEN_FAILURES), code: z.string(), text: z.string(), at: z.number() }).nullable(),
  }),
});
export type ZnsStatus = z.infer<typeof znsStatus>;

/** The answer of "gửi thử": accepted or not, a stable code, and the result in plain words in both languages. */
export const znsTestResult = z.object({ ok: z.boolean(), code: z.string(), vi: z.string(), en: z.string(), msgId: z.string().nullable() });
export type ZnsTestResult = z.infer<typeof znsTestResult>;

/**
 * Zalo's ZNS error codes (the `error` of its answer; zalo.cloud "Cách xử lý mã lỗi") in plain words, for the hub's
 * "gửi thử" answer and the admin's SMS log alike (a message's code is `zns` + the number: zns-118).
 */
export const ZNS_ERROR_WORDS: Record<number, { vi: string; en: string }> = {
  [-100]: { vi: 'lỗi không xác định phía Zalo, thử lại sau', en: 'unknown error at Zalo, try again later' },
  [-101]: { vi: 'ứng dụng gửi ZNS không hợp lệ (kiểm tra ZNS_APP_ID)', en: 'the sending app is invalid (check ZNS_APP_ID)' },
  [-102]: { vi: 'ứng dụng không tồn tại (kiểm tra ZNS_APP_ID)', en: 'the app does not exist (check ZNS_APP_ID)' },
  [-103]: { vi: 'ứng dụng chưa được kích hoạt', en: 'the app is not activated' },
  [-104]: { vi: 'secret key của ứng dụng không hợp lệ (kiểm tra ZNS_APP_SECRET)', en: "the app's secret key is invalid (check ZNS_APP_SECRET)" },
  [-105]: { vi: 'ứng dụng chưa liên kết với Official Account nào', en: 'the app is not linked to an Official Account' },
  [-106]: { vi: 'phương thức không được hỗ trợ', en: 'method not supported' },
  [-108]: { vi: 'số điện thoại không hợp lệ với Zalo', en: 'phone number invalid for Zalo' },
  [-109]: { vi: 'ID mẫu ZNS không hợp lệ (mẫu chưa được duyệt hoặc không thuộc OA này)', en: 'template id invalid (not approved, or not this OA’s)' },
  [-110]: { vi: 'người nhận dùng phiên bản Zalo không hỗ trợ ZNS', en: "the recipient's Zalo version does not support ZNS" },
  [-111]: { vi: 'mẫu ZNS không có dữ liệu', en: 'template data empty' },
  [-112]: { vi: 'dữ liệu mẫu ZNS không hợp lệ (kiểm tra ánh xạ tham số)', en: 'template data invalid (check the parameter mapping)' },
  [-114]: { vi: 'người nhận không hoạt động, đã từ chối ZNS hoặc dùng Zalo cũ', en: 'recipient inactive, refused ZNS or on an old Zalo' },
  [-115]: { vi: 'tài khoản ZNS hết hạn mức / không đủ số dư', en: 'ZNS quota used up / balance too low' },
  [-116]: { vi: 'nội dung không hợp lệ', en: 'text invalid' },
  [-117]: { vi: 'OA hoặc ứng dụng không có quyền dùng mẫu này (mẫu chưa duyệt)', en: 'the OA or app may not use this template (not approved)' },
  [-118]: { vi: 'số điện thoại không có tài khoản Zalo', en: 'no Zalo account for this number' },
  [-119]: { vi: 'tài khoản Zalo không nhận được ZNS', en: 'this Zalo account cannot receive ZNS' },
  [-124]: { vi: 'access token không hợp lệ hoặc đã hết hạn', en: 'access token invalid or expired' },
};
