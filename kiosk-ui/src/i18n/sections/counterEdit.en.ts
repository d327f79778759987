import type { counterEditVi } from './counterEdit.vi';

/** Editing counters and devices on /admin: English. */
export const counterEditEn: typeof counterEditVi = {
  edit: 'Edit',
  editCounter: 'Edit counter',
  defaultsHint: 'The number of buttons and the minimum interval are what devices paired from now on start with; devices already paired are changed one by one.',
  save: 'Save',
  cancel: 'Cancel',
  saved: 'Saved.',
  editDevice: 'Edit device',
  label: 'Label',
  buttons: 'Buttons',
  buttonScore: (n: number) => `Button ${n} means`,
  mapHint: 'Button 1 is the most satisfied; each next button must be lower than the one before.',
  minInterval: 'Minimum interval between two presses (seconds)',
  scale: (buttons: number, map: number[]) => `${buttons} buttons → scores ${map.join(', ')}`,
};
