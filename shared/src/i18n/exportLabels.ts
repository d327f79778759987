/**
 * The words the hub's exports print (CSV headers' values, workbook sheets, the monthly report), in one place for the
 * hub and the UI's catalogue: the statistics page and its exports name a reason, a source, a level or a breakdown
 * the same way. Vietnamese is what the exports print; English is what the English admin shows.
 */
import type { DissatisfactionReason } from '../scale.js';
import type { FileStatus } from '../files.js';
import type { Dimension } from '../stats.js';

interface ExportLabels {
  reasons: Record<DissatisfactionReason, string>;
  sources: Record<string, string>;
  /** a file's status in an export's row (the counter page words some of them for staff at work) */
  fileStatus: Record<FileStatus, string>;
  level3: { verySatisfied: string; satisfied: string; notSatisfied: string };
  dimensions: Record<Dimension, string>;
  /** a workbook's sheet per breakdown */
  sheets: Record<Dimension, string>;
  /** a breakdown row without its key (no staff credited, no file linked); the exports leave the source blank */
  unknown: Record<Dimension, string>;
  /** 0 = Sunday … 6 = Saturday */
  weekdays: readonly string[];
}

export const EXPORT_LABELS_VI = {
  reasons: {
    'waiting-time': 'Thời gian chờ',
    attitude: 'Thái độ',
    'unclear-guidance': 'Hướng dẫn chưa rõ',
    'extra-documents': 'Yêu cầu thêm giấy tờ',
    facilities: 'Cơ sở vật chất',
    other: 'Khác',
  },
  sources: { button: 'Nút bấm', touch: 'Màn hình cảm ứng' },
  fileStatus: {
    received: 'Đang giải quyết',
    supplement: 'Cần bổ sung',
    ready: 'Đã có kết quả',
    returned: 'Đã trả kết quả',
    rejected: 'Không giải quyết được',
    withdrawn: 'Đã rút',
  },
  level3: { verySatisfied: 'Rất hài lòng', satisfied: 'Hài lòng', notSatisfied: 'Không hài lòng' },
  dimensions: { counter: 'Quầy', staff: 'Cán bộ', procedure: 'Thủ tục', field: 'Lĩnh vực', source: 'Nguồn' },
  sheets: { counter: 'Theo quầy', staff: 'Theo cán bộ', procedure: 'Theo thủ tục', field: 'Theo lĩnh vực', source: 'Theo nguồn' },
  unknown: { staff: '(chưa gắn cán bộ)', procedure: '(chưa gắn hồ sơ)', field: '(chưa gắn hồ sơ)', counter: '(không có quầy)', source: '' },
  weekdays: ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
} as const satisfies ExportLabels;

export const EXPORT_LABELS_EN = {
  reasons: {
    'waiting-time': 'Waiting time',
    attitude: 'Attitude',
    'unclear-guidance': 'Unclear guidance',
    'extra-documents': 'Asked for more papers',
    facilities: 'Facilities',
    other: 'Other',
  },
  sources: { button: 'Buttons', touch: 'Touchscreen' },
  fileStatus: {
    received: 'In progress',
    supplement: 'Needs more papers',
    ready: 'Result ready',
    returned: 'Result handed back',
    rejected: 'Cannot be resolved',
    withdrawn: 'Withdrawn',
  },
  level3: { verySatisfied: 'Very satisfied', satisfied: 'Satisfied', notSatisfied: 'Not satisfied' },
  dimensions: { counter: 'Counter', staff: 'Staff', procedure: 'Procedure', field: 'Field', source: 'Source' },
  sheets: { counter: 'By counter', staff: 'By staff', procedure: 'By procedure', field: 'By field', source: 'By source' },
  unknown: { counter: '(no counter)', staff: '(no staff credited)', procedure: '(no file linked)', field: '(no file linked)', source: '' },
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
} as const satisfies ExportLabels;
