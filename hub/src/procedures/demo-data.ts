import type { ProcedureInput } from '@onestop/shared';
import type { HolidayRow } from './store.js';

/**
 * Common procedures at a commune's one-stop counter, with their legal processing time in working days
 * (0 = within the day; received after 15:00, the next working day). Sources, roughly: Luật Hộ tịch 2014 and
 * Nghị định 123/2015 (civil status), Nghị định 23/2015 (authentication), Luật Cư trú 2020, Nghị định 01/2021
 * (household businesses). Fees in đồng are indicative: most are set by each province's People's Council; null where
 * it varies too much to guess, 0 where the law waives it. A commune replaces this with its province's list (CSV).
 */
export const DEMO_PROCEDURES: ProcedureInput[] = [
  { code: 'HT-KHAI-SINH', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0, fee: 0 },
  { code: 'HT-KET-HON', name: 'Đăng ký kết hôn', field: 'Hộ tịch', processingDays: 0, fee: 0 },
  { code: 'HT-KHAI-TU', name: 'Đăng ký khai tử', field: 'Hộ tịch', processingDays: 0, fee: 0 },
  { code: 'HT-TRICH-LUC', name: 'Cấp bản sao trích lục hộ tịch', field: 'Hộ tịch', processingDays: 0, fee: 8000 },
  { code: 'HT-TTHN', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', field: 'Hộ tịch', processingDays: 3, fee: null },
  { code: 'HT-NHAN-CMC', name: 'Đăng ký nhận cha, mẹ, con', field: 'Hộ tịch', processingDays: 3, fee: null },
  { code: 'HT-CAI-CHINH', name: 'Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch', field: 'Hộ tịch', processingDays: 3, fee: null },
  { code: 'HT-GIAM-HO', name: 'Đăng ký giám hộ', field: 'Hộ tịch', processingDays: 3, fee: null },
  { code: 'HT-KS-LAI', name: 'Đăng ký lại khai sinh', field: 'Hộ tịch', processingDays: 5, fee: null },
  { code: 'CT-BAN-SAO', name: 'Chứng thực bản sao từ bản chính', field: 'Chứng thực', processingDays: 0, fee: 2000 },
  { code: 'CT-CHU-KY', name: 'Chứng thực chữ ký', field: 'Chứng thực', processingDays: 0, fee: 10000 },
  { code: 'CT-HOP-DONG', name: 'Chứng thực hợp đồng, giao dịch', field: 'Chứng thực', processingDays: 2, fee: 50000 },
  { code: 'CU-THUONG-TRU', name: 'Đăng ký thường trú', field: 'Cư trú', processingDays: 7, fee: 20000 },
  { code: 'KD-HO-KD', name: 'Đăng ký thành lập hộ kinh doanh', field: 'Thành lập và hoạt động của hộ kinh doanh', processingDays: 3, fee: 100000 },
];

/**
 * Days off for state offices (Labour Code 2019, art. 112): 1/1; Tết (5 days, dates set each year by the
 * government); Giỗ Tổ Hùng Vương (10/3 lunar); 30/4; 1/5; Quốc khánh 2/9 with one day before or after, chosen each
 * year. A holiday on a weekend is given back on the next working day (nghỉ bù). Dates marked "dự kiến" are our
 * reading ahead of the government's notice for that year: the admin checks and edits them.
 */
export const DEMO_HOLIDAYS: HolidayRow[] = [
  { date: '2026-01-01', name: 'Tết Dương lịch', kind: 'off' },
  ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((date) => ({ date, name: 'Tết Nguyên đán Bính Ngọ', kind: 'off' as const })),
  { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật 26/4)', kind: 'off' },
  { date: '2026-04-30', name: 'Ngày Giải phóng miền Nam, thống nhất đất nước', kind: 'off' },
  { date: '2026-05-01', name: 'Ngày Quốc tế Lao động', kind: 'off' },
  { date: '2026-09-01', name: 'Quốc khánh (ngày liền kề)', kind: 'off' },
  { date: '2026-09-02', name: 'Quốc khánh', kind: 'off' },
  { date: '2027-01-01', name: 'Tết Dương lịch', kind: 'off' },
  ...['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'].map((date) => ({ date, name: 'Tết Nguyên đán Đinh Mùi (dự kiến)', kind: 'off' as const })),
  { date: '2027-04-16', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'off' },
  { date: '2027-04-30', name: 'Ngày Giải phóng miền Nam, thống nhất đất nước', kind: 'off' },
  { date: '2027-05-03', name: 'Nghỉ bù Ngày Quốc tế Lao động (Thứ Bảy 1/5)', kind: 'off' },
  { date: '2027-09-02', name: 'Quốc khánh', kind: 'off' },
  { date: '2027-09-03', name: 'Quốc khánh (ngày liền kề, dự kiến)', kind: 'off' },
];
