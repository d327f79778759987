import type { DissatisfactionReason, FileStatus } from '@onestop/shared';

/** Vietnamese words the exports print (the hub has no UI catalogue; these mirror kiosk-ui's). */
export const REASON_VI: Record<DissatisfactionReason, string> = {
  'waiting-time': 'Thời gian chờ',
  attitude: 'Thái độ',
  'unclear-guidance': 'Hướng dẫn chưa rõ',
  'extra-documents': 'Yêu cầu thêm giấy tờ',
  facilities: 'Cơ sở vật chất',
  other: 'Khác',
};
export const reasonVi = (code: string) => REASON_VI[code as DissatisfactionReason] ?? code;

export const SOURCE_VI: Record<string, string> = { button: 'Nút bấm', touch: 'Màn hình cảm ứng' };

export const STATUS_VI: Record<FileStatus, string> = {
  received: 'Đang giải quyết',
  supplement: 'Cần bổ sung',
  ready: 'Đã có kết quả',
  returned: 'Đã trả kết quả',
  rejected: 'Không giải quyết được',
  withdrawn: 'Đã rút',
};

export const LEVEL3_VI = { verySatisfied: 'Rất hài lòng', satisfied: 'Hài lòng', notSatisfied: 'Không hài lòng' } as const;
export const level3Of = (score: number) => (score === 5 ? LEVEL3_VI.verySatisfied : score === 4 ? LEVEL3_VI.satisfied : LEVEL3_VI.notSatisfied);

export const DIMENSION_VI = { counter: 'Quầy', staff: 'Cán bộ', procedure: 'Thủ tục', field: 'Lĩnh vực', source: 'Nguồn' } as const;
export const SHEET_VI = { counter: 'Theo quầy', staff: 'Theo cán bộ', procedure: 'Theo thủ tục', field: 'Theo lĩnh vực', source: 'Theo nguồn' } as const;
export const UNKNOWN_VI = { staff: '(chưa gắn cán bộ)', procedure: '(chưa gắn hồ sơ)', field: '(chưa gắn hồ sơ)', counter: '(không có quầy)', source: '' } as const;

export const WEEKDAY_VI = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
