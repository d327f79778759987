/** The start page (/): Vietnamese. */
export const homeVi = {
  title: 'Bộ phận một cửa: hồ sơ, tin nhắn và đánh giá',
  counter: 'Quầy tiếp nhận và trả kết quả',
  counterHint: 'Cán bộ một cửa: tiếp nhận hồ sơ, in giấy hẹn, báo có kết quả, trả kết quả.',
  kiosk: 'Màn hình đánh giá của người dân',
  kioskHint: 'Mở trên máy tính bảng đặt tại quầy cho người dân chạm.',
  admin: 'Quản trị',
  adminHint: 'Quầy và thiết bị, tài khoản, thủ tục, ngày nghỉ, tin nhắn SMS, thông tin công khai.',
  live: 'Theo dõi trực tiếp',
  liveHint: 'Kết quả đánh giá hôm nay theo từng quầy.',
};
