/** The first day's checklist on /admin (issue 14): Vietnamese. */
export const setupVi = {
  title: 'Việc cần làm trước khi đưa vào sử dụng',
  intro: 'Danh sách này hiện ở đây cho đến khi mọi mục đã xong. Mỗi mục được đánh dấu theo tình trạng thật của hệ thống.',
  progress: (done: number, all: number) => `Đã xong ${done}/${all} việc`,
  banner: (done: number, all: number) => `Cài đặt ban đầu: đã xong ${done}/${all} việc — xem danh sách`,
  held: (n: number) => `${n} tin nhắn cho người dân đang được giữ lại, chưa gửi, cho đến khi xã nhập đủ tên, mã đơn vị và số điện thoại liên hệ.`,
  done: 'Đã xong',
  todo: 'Chưa xong',
  go: 'Làm việc này',
  items: {
    commune: 'Nhập tên xã và mã đơn vị hành chính',
    'contact-phone': 'Nhập số điện thoại liên hệ của bộ phận một cửa',
    'sms-test': 'Chọn cổng gửi tin nhắn và gửi thử một tin',
    procedures: 'Xem lại danh sách thủ tục hành chính',
    staff: 'Tạo tài khoản cho cán bộ',
    counters: 'Tạo quầy và ghép nối thiết bị đánh giá cho mỗi quầy',
    upstream: 'Nhập địa chỉ và khóa gửi số liệu lên tỉnh',
  } as Record<string, string>,
  facts: {
    'sms-test': (f: Record<string, number>) => (f.tests ? `${f.tests} tin thử, chưa tin nào gửi được` : 'Chưa gửi tin thử nào'),
    procedures: (f: Record<string, number>) => `${f.procedures ?? 0} thủ tục trong danh sách`,
    staff: (f: Record<string, number>) => `${f.staff ?? 0} tài khoản cán bộ`,
    counters: (f: Record<string, number>) => `${f.withDevice ?? 0}/${f.counters ?? 0} quầy đã có thiết bị`,
  } as Record<string, (f: Record<string, number>) => string>,
  reviewed: 'Tôi đã xem lại',
};
