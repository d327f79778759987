/** Editing counters and devices on /admin: Vietnamese. */
export const counterEditVi = {
  edit: 'Sửa',
  editCounter: 'Sửa quầy',
  defaultsHint: 'Số nút và khoảng cách tối thiểu là giá trị ban đầu cho thiết bị ghép nối sau này; thiết bị đã ghép nối sửa riêng từng cái.',
  save: 'Lưu',
  cancel: 'Hủy',
  saved: 'Đã lưu.',
  editDevice: 'Sửa thiết bị',
  label: 'Tên gợi nhớ',
  buttons: 'Số nút',
  buttonScore: (n: number) => `Nút ${n} ứng với`,
  mapHint: 'Nút 1 là mức hài lòng nhất; mỗi nút sau phải thấp hơn nút trước.',
  minInterval: 'Khoảng cách tối thiểu giữa hai lần bấm (giây)',
  scale: (buttons: number, map: number[]) => `${buttons} nút → ${map.join(', ')} điểm`,
};
