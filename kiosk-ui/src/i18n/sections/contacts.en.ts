import type { contactsVi } from './contacts.vi';

/** Published contacts (/admin/contacts): English. */
export const contactsEn: typeof contactsVi = {
  title: 'Public phone numbers',
  listTitle: 'Numbers shown on the kiosk',
  hint: 'Official numbers of the commune’s leaders and offices, published for citizens’ feedback. The kiosk shows them in order.',
  none: 'No numbers yet.',
  position: 'Order',
  positionHint: 'Smaller first. Empty: last.',
  name: 'Full name',
  namePlaceholder: 'e.g. Nguyễn Văn An',
  titleLabel: 'Position',
  titlePlaceholder: 'e.g. Chairman of the commune People’s Committee',
  phone: 'Phone number',
  phoneHint: 'A mobile, a landline with its area code, or a hotline.',
  addTitle: 'Add a number',
  editTitle: 'Edit number',
  add: 'Add',
  remove: 'Remove',
  confirmRemove: (name) => `Remove ${name}’s number?`,
};
