import { AUDIT_WORDS_EN } from '@onestop/shared';
import type { holidaysVi } from './holidays.vi';

/** Days off and make-up working days (/admin/holidays): English. */
export const holidaysEn: typeof holidaysVi = {
  title: 'Days off and working weekends',
  listTitle: (year) => `Year ${year}`,
  none: 'No days declared for this year.',
  date: 'Date',
  name: 'Name',
  namePlaceholder: 'e.g. National Day',
  kind: 'Kind',
  kinds: { off: AUDIT_WORDS_EN.values.off!, work: AUDIT_WORDS_EN.values.work! },
  kindHint: 'Working weekend day: a Saturday or Sunday worked in exchange; counts as a working day.',
  replaceHint: 'Declaring a day again replaces it.',
  add: 'Save day',
  addTitle: 'Add a day',
  remove: 'Remove',
  confirmRemove: (date, name) => `Remove ${date} (${name})?`,
};
