import { EXPORT_LABELS_VI, SCORE_LABELS_VI, type DissatisfactionReason, type FileStatus, type Score } from '@onestop/shared';

/** Texts every page uses: the app's title, scores, reasons, dates, file statuses. Vietnamese. */
export const commonVi = {
  appTitle: 'Bộ phận một cửa',
  loading: 'Đang tải…',
  scores: { ...SCORE_LABELS_VI } as Record<Score, string>,
  reasons: { ...EXPORT_LABELS_VI.reasons } as Record<DissatisfactionReason, string>,
  unknownError: (code: string) => `Lỗi không xác định (${code}).`,
  dateTime: (time: string, date: string) => `${time} ngày ${date}`,
  /** 0 = Sunday … 6 = Saturday */
  weekdays: [...EXPORT_LABELS_VI.weekdays] as string[],
  datePlaceholder: 'ngày/tháng/năm',
  dateFormatHint: 'Nhập ngày theo dạng ngày/tháng/năm, ví dụ 26/11/2026.',
  notWorkingDay: 'Ngày này không phải ngày làm việc (cuối tuần hoặc ngày nghỉ).',
  lateLabel: 'Quá hạn',
  fileStatus: {
    received: 'Đang giải quyết',
    supplement: 'Chờ bổ sung',
    ready: 'Đã có kết quả',
    returned: 'Đã trả kết quả',
    rejected: 'Từ chối giải quyết',
    withdrawn: 'Đã rút hồ sơ',
  } as Record<FileStatus, string>,
  langSwitch: 'English',
  langSwitchTitle: 'Chuyển sang tiếng Anh',
};
