import { AUDIT_WORDS_VI } from '@onestop/shared';

/** The audit log page (/admin/audit): Vietnamese. */
export const auditVi = {
  title: 'Nhật ký thay đổi',
  nav: 'Nhật ký',
  intro: 'Mọi thay đổi quản trị và mọi lần chuyển trạng thái hồ sơ: ai, lúc nào, thay đổi gì, trước và sau. Mật khẩu và khóa bí mật không bao giờ được ghi.',
  from: 'Từ ngày',
  to: 'Đến ngày',
  actor: 'Người thực hiện',
  anyActor: 'Tất cả',
  kind: 'Loại',
  anyKind: 'Tất cả',
  show: 'Xem',
  exportCsv: 'Tải CSV',
  exportXlsx: 'Tải Excel (XLSX)',
  when: 'Thời điểm',
  what: 'Thay đổi',
  target: 'Đối tượng',
  before: 'Trước',
  after: 'Sau',
  none: 'Không có thay đổi nào trong khoảng này.',
  total: (n: number) => `${n} mục`,
  page: (p: number, pages: number) => `Trang ${p}/${pages}`,
  prev: 'Trang trước',
  next: 'Trang sau',
  /** field names, yes/no and the like for the before → after column (shared with the exports) */
  words: AUDIT_WORDS_VI,
  kinds: AUDIT_WORDS_VI.kinds,
  actions: AUDIT_WORDS_VI.actions,
};
