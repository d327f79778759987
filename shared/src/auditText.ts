import { formatDateVi, formatTimeVi } from './time.js';
import type { FileEventKind, FileStatus } from './files.js';
import { EXPORT_LABELS_EN, EXPORT_LABELS_VI } from './i18n/exportLabels.js';
import { SETTING_LABELS_EN, SETTING_LABELS_VI } from './i18n/settingLabels.js';

/**
 * The audit log as a person reads it (issue 14 §4): names instead of ids, instants as dd/mm/yyyy HH:mm in Vietnam's
 * time, field names in words, in Vietnamese or English. One renderer for the admin page and the CSV/XLSX exports,
 * so the page and the file say the same thing. The log itself keeps the raw values (ids, epoch ms): they are the
 * evidence; this is only how they are shown.
 */

export interface AuditWords {
  /** a field's name in words, by its key in the stored value */
  fields: Record<string, string>;
  yes: string;
  no: string;
  /** nothing (a value that was not there) */
  empty: string;
  /** what was changed: counter, device, account… */
  kinds: Record<string, string>;
  /** what was done to it: create, update, pair-code… */
  actions: Record<string, string>;
  /**
   * a file's steps (the "file" kind's actions): the one list of these words, which the counter page's file history
   * shows too (kiosk-ui/src/i18n/sections/counter.*.ts)
   */
  fileEvents: Record<FileEventKind, string>;
  /** a file's status (a file entry's "status" field), as the exports print it */
  fileStatus: Record<FileStatus, string>;
  /** a setting's name by its key ("sms.undoSeconds"), as the settings page labels it (./i18n/settingLabels.ts) */
  settings: Readonly<Record<string, string>>;
  /** stored words shown in words: an account's role, a device's kind, a day off's kind */
  values: Record<string, string>;
}

export const AUDIT_WORDS_VI: AuditWords = {
  kinds: {
    counter: 'Quầy',
    device: 'Thiết bị',
    account: 'Tài khoản',
    'api-token': 'Mã truy cập API',
    procedure: 'Thủ tục',
    holiday: 'Ngày nghỉ',
    'sms-template': 'Mẫu tin nhắn',
    contact: 'Số điện thoại công khai',
    setting: 'Cài đặt',
    file: 'Hồ sơ',
    duty: 'Ca trực',
  },
  actions: {
    create: 'tạo mới',
    update: 'sửa',
    delete: 'xóa',
    revoke: 'thu hồi',
    disable: 'khóa',
    enable: 'mở khóa',
    'reset-password': 'đặt lại mật khẩu',
    'pair-code': 'tạo mã ghép nối',
    pair: 'ghép nối bằng mã',
    'import-csv': 'nhập từ tệp CSV',
    set: 'đặt',
    reset: 'về mẫu mặc định',
    'take-over': 'nhận ca thay người đang trực',
    'set-photo': 'đặt ảnh',
    'delete-photo': 'xóa ảnh',
  },
  fileEvents: {
    received: 'Tiếp nhận',
    supplement: 'Yêu cầu bổ sung',
    resumed: 'Nhận bổ sung',
    ready: 'Có kết quả',
    returned: 'Trả kết quả',
    rejected: 'Từ chối',
    withdrawn: 'Rút hồ sơ',
    apology: 'Xin lỗi, hẹn lại',
    reminder: 'Nhắc nhận kết quả',
    undone: 'Hoàn tác',
  },
  fileStatus: EXPORT_LABELS_VI.fileStatus,
  settings: SETTING_LABELS_VI,
  values: { admin: 'Quản trị', staff: 'Cán bộ', viewer: 'Xem số liệu', kiosk: 'Máy tính bảng', agent: 'Hộp nút', off: 'Ngày nghỉ', work: 'Ngày làm bù' },
  yes: 'Có',
  no: 'Không',
  empty: '—',
  fields: {
    id: 'Mã',
    name: 'Tên',
    label: 'Tên gọi',
    code: 'Mã',
    counterId: 'Quầy',
    counter: 'Quầy',
    deviceId: 'Thiết bị',
    userId: 'Tài khoản',
    user: 'Tài khoản',
    staffId: 'Cán bộ',
    tokenId: 'Mã truy cập API',
    procedureCode: 'Thủ tục',
    expiresAt: 'Hết hạn lúc',
    createdAt: 'Tạo lúc',
    updatedAt: 'Sửa lúc',
    lastSeenAt: 'Kết nối lần cuối',
    lastUsedAt: 'Dùng lần cuối lúc',
    pairedAt: 'Ghép nối lúc',
    revokedAt: 'Thu hồi lúc',
    disabledAt: 'Khóa lúc',
    passwordChangedAt: 'Đổi mật khẩu lúc',
    at: 'Lúc',
    since: 'Từ lúc',
    until: 'Đến lúc',
    buttons: 'Số nút',
    minIntervalS: 'Giãn cách tối thiểu (giây)',
    scale: 'Thang đánh giá',
    map: 'Gán nút',
    kind: 'Loại',
    revoked: 'Đã thu hồi',
    box: 'Hộp nút',
    username: 'Tên đăng nhập',
    displayName: 'Họ tên',
    title: 'Chức danh',
    role: 'Vai trò',
    disabled: 'Đã khóa',
    password: 'Mật khẩu',
    field: 'Lĩnh vực',
    processingDays: 'Số ngày giải quyết',
    fee: 'Lệ phí',
    active: 'Đang áp dụng',
    shortName: 'Tên ngắn',
    smsName: 'Tên ngắn trong tin nhắn',
    smsNameDerived: 'Tên ngắn tự lấy từ tên',
    documents: 'Thành phần hồ sơ',
    hasPhoto: 'Có ảnh',
    date: 'Ngày',
    day: 'Ngày',
    reason: 'Lý do',
    phone: 'Số điện thoại',
    position: 'Chức vụ',
    order: 'Thứ tự',
    text: 'Nội dung',
    template: 'Mẫu',
    enabled: 'Bật',
    value: 'Giá trị',
    status: 'Trạng thái',
    from: 'Từ',
    to: 'Đến',
    dueDate: 'Ngày hẹn',
    newDueDate: 'Ngày hẹn mới',
    oldDueDate: 'Ngày hẹn cũ',
    count: 'Số lượng',
    imported: 'Đã nhập',
    skipped: 'Bỏ qua',
    note: 'Ghi chú',
  },
};

export const AUDIT_WORDS_EN: AuditWords = {
  kinds: {
    counter: 'Counter',
    device: 'Device',
    account: 'Account',
    'api-token': 'API token',
    procedure: 'Procedure',
    holiday: 'Day off',
    'sms-template': 'SMS template',
    contact: 'Public phone number',
    setting: 'Setting',
    file: 'File',
    duty: 'Duty at a counter',
  },
  actions: {
    create: 'created',
    update: 'changed',
    delete: 'deleted',
    revoke: 'revoked',
    disable: 'disabled',
    enable: 'enabled',
    'reset-password': 'password reset',
    'pair-code': 'pairing code made',
    pair: 'paired with a code',
    'import-csv': 'imported from CSV',
    set: 'set',
    reset: 'reset to default',
    'take-over': 'took over the counter from whoever was on duty',
    'set-photo': 'photo set',
    'delete-photo': 'photo removed',
  },
  fileEvents: {
    received: 'Received',
    supplement: 'Papers requested',
    resumed: 'Papers received',
    ready: 'Result ready',
    returned: 'Handed over',
    rejected: 'Refused',
    withdrawn: 'Withdrawn',
    apology: 'Apology, new date',
    reminder: 'Reminder',
    undone: 'Undone',
  },
  fileStatus: EXPORT_LABELS_EN.fileStatus,
  settings: SETTING_LABELS_EN,
  values: { admin: 'Administrator', staff: 'Staff', viewer: 'Viewer', kiosk: 'Tablet', agent: 'Button box', off: 'Day off', work: 'Working weekend day' },
  yes: 'Yes',
  no: 'No',
  empty: '—',
  fields: {
    id: 'Id',
    name: 'Name',
    label: 'Label',
    code: 'Code',
    counterId: 'Counter',
    counter: 'Counter',
    deviceId: 'Device',
    userId: 'Account',
    user: 'Account',
    staffId: 'Staff',
    tokenId: 'API token',
    procedureCode: 'Procedure',
    expiresAt: 'Expires',
    createdAt: 'Created',
    updatedAt: 'Changed',
    lastSeenAt: 'Last seen',
    lastUsedAt: 'Last used',
    pairedAt: 'Paired',
    revokedAt: 'Revoked',
    disabledAt: 'Disabled',
    passwordChangedAt: 'Password changed',
    at: 'At',
    since: 'Since',
    until: 'Until',
    buttons: 'Buttons',
    minIntervalS: 'Minimum interval (s)',
    scale: 'Rating scale',
    map: 'Button map',
    kind: 'Kind',
    revoked: 'Revoked',
    box: 'Button box',
    username: 'Username',
    displayName: 'Full name',
    title: 'Title',
    role: 'Role',
    disabled: 'Disabled',
    password: 'Password',
    field: 'Field',
    processingDays: 'Processing days',
    fee: 'Fee',
    active: 'Offered',
    shortName: 'Short name',
    smsName: 'Short name in messages',
    smsNameDerived: 'Short name taken from the name',
    documents: 'Papers to bring',
    hasPhoto: 'Has a photo',
    date: 'Date',
    day: 'Day',
    reason: 'Reason',
    phone: 'Phone',
    position: 'Position',
    order: 'Order',
    text: 'Text',
    template: 'Template',
    enabled: 'On',
    value: 'Value',
    status: 'Status',
    from: 'From',
    to: 'To',
    dueDate: 'Appointment',
    newDueDate: 'New appointment',
    oldDueDate: 'Old appointment',
    count: 'Count',
    imported: 'Imported',
    skipped: 'Skipped',
    note: 'Note',
  },
};

/** Keys whose number is an instant (epoch ms): "expiresAt", "lastSeenAt", "at", "since"… */
const INSTANT_KEY = /(At|^at|^since|^until)$/;

/** dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh. */
export const auditWhen = (ms: number) => `${formatDateVi(ms)} ${formatTimeVi(ms)}`;

const dmy = (day: string) => day.split('-').reverse().join('/');

/** One stored value in words: a known id by its name, an instant as a date, a day dd/mm/yyyy, yes/no. */
export function auditValue(value: unknown, key: string, names: Readonly<Record<string, string>>, w: AuditWords): string {
  if (value === null || value === undefined || value === '') return w.empty;
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  if (typeof value === 'number') return INSTANT_KEY.test(key) && value > 1e11 ? auditWhen(value) : String(value);
  if (typeof value === 'string') {
    if (names[value] !== undefined) return names[value]!;
    if ((key === 'role' || key === 'kind') && w.values[value] !== undefined) return w.values[value]!;
    if (key === 'status' && value in w.fileStatus) return w.fileStatus[value as FileStatus];
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dmy(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => auditValue(v, key, names, w)).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .filter(([k]) => k !== 'id')
    .map(([k, v]) => `${auditField(k, w)}: ${auditValue(v, k, names, w)}`)
    .join('; ');
}

/**
 * A field's name in words: a record's field ("expiresAt"), or a setting's key ("sms.undoSeconds") in a setting's
 * entry. A key the catalogue lacks is shown as it is (the readability test finds it).
 */
export const auditField = (key: string, w: AuditWords) => w.fields[key] ?? w.settings[key] ?? key;

/**
 * A catalogue text as plain text: the parts typed as they are (written between backticks, shown as code on the
 * pages) without their backticks, for a file or a title.
 */
export const plainText = (text: string) => text.replace(/`/g, '');

/** What was done, in words: a file's step by the file history's word, anything else by its action. */
export function auditAction(e: { kind: string; action: string }, w: AuditWords): string {
  return (e.kind === 'file' ? (w.fileEvents as Record<string, string>) : w.actions)[e.action] ?? e.action;
}

/**
 * What was changed, in words: a known id by its name; a setting entry's keys ("commune.name, sms.undoSeconds") by
 * their labels; a record since deleted (its id no longer known) by the name its stored value held.
 */
export function auditTarget(e: { kind: string; target: string | null; before?: unknown; after?: unknown }, names: Readonly<Record<string, string>>, w: AuditWords): string {
  if (e.target === null) return '';
  if (names[e.target] !== undefined) return names[e.target]!;
  if (e.kind === 'setting') return e.target.split(/,\s*/).map((k) => w.settings[k] ?? k).join(', ');
  for (const v of [e.before, e.after]) {
    const name = isObj(v) ? v.name ?? v.label ?? v.displayName : undefined;
    if (typeof name === 'string' && name) return name;
  }
  return e.target;
}

export interface AuditChange {
  key: string;
  field: string;
  before: string;
  after: string;
  /** the values are typed exactly, as a sign-in name is: shown as code, never translated (decision 0135) */
  typed: boolean;
}

/** Fields whose values a person types and reads back exactly (a sign-in name): not words of any language. */
const TYPED_VALUE_KEYS: ReadonlySet<string> = new Set(['username']);

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * What changed, field by field, in words: the fields that differ when both sides are objects; every field of the one
 * side there is (a creation, a deletion); one line without a field name for plain values. A record's own id is left
 * out (the target column names it).
 */
export function auditChanges(before: unknown, after: unknown, names: Readonly<Record<string, string>>, w: AuditWords): AuditChange[] {
  const line = (key: string, b: unknown, a: unknown): AuditChange => ({
    key,
    field: key ? auditField(key, w) : '',
    before: auditValue(b, key, names, w),
    after: auditValue(a, key, names, w),
    typed: TYPED_VALUE_KEYS.has(key),
  });
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== 'id');
    return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => line(k, before[k], after[k]));
  }
  const one = isObj(before) ? before : isObj(after) ? after : null;
  if (one) return Object.keys(one).filter((k) => k !== 'id').map((k) => line(k, before === one ? one[k] : null, after === one ? one[k] : null));
  return [line('', before, after)];
}

/** Every string in an entry's values that may be an id to name (the hub resolves those it knows). */
export function auditIdsIn(...values: unknown[]): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (isObj(v)) Object.values(v).forEach(walk);
  };
  values.forEach(walk);
  return [...out];
}
