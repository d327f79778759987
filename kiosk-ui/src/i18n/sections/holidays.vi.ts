import { AUDIT_WORDS_VI } from '@onestop/shared';

/** Days off and make-up working days (/admin/holidays): Vietnamese. */
export const holidaysVi = {
  title: 'Ngày nghỉ, ngày làm bù',
  listTitle: (year: number) => `Năm ${year}`,
  none: 'Chưa khai báo ngày nghỉ nào cho năm này.',
  date: 'Ngày',
  name: 'Tên',
  namePlaceholder: 'Ví dụ: Quốc khánh',
  kind: 'Loại',
  /** the audit log's words for a day's kind (shared/src/auditText.ts) */
  kinds: { off: AUDIT_WORDS_VI.values.off!, work: AUDIT_WORDS_VI.values.work! } as Record<'off' | 'work', string>,
  kindHint: 'Ngày làm bù: thứ Bảy hoặc Chủ nhật đi làm để bù; được tính là ngày làm việc.',
  replaceHint: 'Khai báo lại một ngày đã có sẽ thay thế ngày đó.',
  add: 'Lưu ngày',
  addTitle: 'Thêm ngày',
  remove: 'Xóa',
  confirmRemove: (date: string, name: string) => `Xóa ngày ${date} (${name})?`,
};
