import type { setupVi } from './setup.vi';

/** The first day's checklist on /admin (issue 14): English. */
export const setupEn: typeof setupVi = {
  title: 'To do before going live',
  intro: 'This list stays here until every item is done. Each item is ticked from the system’s actual state.',
  progress: (done, all) => `${done} of ${all} done`,
  banner: (done, all) => `First-day setup: ${done} of ${all} done — see the list`,
  held: (n) => `${n} message${n === 1 ? '' : 's'} to citizens held, not sent, until the commune’s name, code and contact phone are set.`,
  done: 'Done',
  todo: 'Not done',
  go: 'Do this',
  items: {
    commune: 'Enter the commune’s name and administrative code',
    'contact-phone': 'Enter the one-stop counter’s contact phone',
    'sms-test': 'Choose the SMS gateway and send a test message',
    procedures: 'Review the list of procedures',
    staff: 'Create the staff accounts',
    counters: 'Create the counters and pair a rating device for each',
    upstream: 'Enter the address and secret for sending figures to the province',
  },
  facts: {
    'sms-test': (f) => (f.tests ? `${f.tests} test message${f.tests === 1 ? '' : 's'}, none sent yet` : 'No test message yet'),
    procedures: (f) => `${f.procedures ?? 0} procedures on the list`,
    staff: (f) => `${f.staff ?? 0} staff account${f.staff === 1 ? '' : 's'}`,
    counters: (f) => `${f.withDevice ?? 0} of ${f.counters ?? 0} counters have a device`,
  },
  reviewed: 'I have reviewed it',
};
