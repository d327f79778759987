import type { Level3 } from '@onestop/shared';

/** The waiting-room screen (/display): Vietnamese (the screen is always Vietnamese). */
export const displayVi = {
  docTitle: 'Kết quả đánh giá hôm nay',
  title: 'Mức độ hài lòng của người dân hôm nay',
  today: (date: string) => `Ngày ${date}`,
  satisfied: 'hài lòng',
  ofRatings: (n: number) => `trên ${n} lượt đánh giá`,
  noRatings: 'Chưa có lượt đánh giá nào hôm nay',
  /** the province's three levels (5 / 4 / 3–1), as in the statistics */
  levels: { 'very-satisfied': 'Rất hài lòng', satisfied: 'Hài lòng', 'not-satisfied': 'Không hài lòng' } as Record<Level3, string>,
  filesTitle: 'Hồ sơ trả kết quả hôm nay',
  returned: 'Đã trả',
  onTime: 'Đúng hẹn',
  received: 'Tiếp nhận',
  countersTitle: 'Theo từng quầy',
  counterRatings: (n: number) => `${n} lượt`,
  noValue: '—',
  updatedAt: (time: string) => `Cập nhật lúc ${time}`,
  offline: 'Đang kết nối lại với máy chủ…',
  thanks: 'Cảm ơn ông/bà đã đánh giá chất lượng phục vụ của bộ phận một cửa.',
};
