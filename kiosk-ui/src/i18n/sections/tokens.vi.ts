/** API tokens (/admin/accounts): Vietnamese. */
export const tokensVi = {
  title: 'Mã API cho phần mềm khác',
  hint: 'Phần mềm một cửa của tỉnh hoặc tập lệnh dùng mã này để gửi hồ sơ và trạng thái qua API (xem `docs/api.md`).',
  name: 'Tên gợi nhớ',
  namePlaceholder: 'Ví dụ: Phần mềm một cửa tỉnh',
  create: 'Tạo mã',
  createdFor: (name: string) => `Mã API “${name}”:`,
  none: 'Chưa có mã API nào.',
  created: 'Ngày tạo',
  lastUsed: 'Dùng lần cuối',
  never: 'Chưa dùng',
  revoked: 'Đã thu hồi',
  revoke: 'Thu hồi',
  confirmRevoke: (name: string) => `Thu hồi mã API “${name}”? Phần mềm dùng mã này sẽ không gọi được nữa.`,
};
