import { EXPORT_LABELS_EN } from '@onestop/shared';
import type { commonVi } from './common.vi';

/** Texts every page uses: the app's title, scores, reasons, dates, file statuses. English. */
export const commonEn: typeof commonVi = {
  appTitle: 'One-stop counter',
  loading: 'Loading…',
  scores: { 5: 'Very satisfied', 4: 'Satisfied', 3: 'Neutral', 2: 'Dissatisfied', 1: 'Very dissatisfied' },
  reasons: { ...EXPORT_LABELS_EN.reasons },
  unknownError: (code) => `Unknown error (${code}).`,
  dateTime: (time, date) => `${time} on ${date}`,
  weekdays: [...EXPORT_LABELS_EN.weekdays],
  datePlaceholder: 'dd/mm/yyyy',
  dateFormatHint: 'Type the date as day/month/year, e.g. 26/11/2026.',
  notWorkingDay: 'This is not a working day (weekend or day off).',
  lateLabel: 'Late',
  fileStatus: {
    received: 'In progress',
    supplement: 'Waiting for papers',
    ready: 'Result ready',
    returned: 'Collected',
    rejected: 'Refused',
    withdrawn: 'Withdrawn',
  },
  langSwitch: 'Tiếng Việt',
  langSwitchTitle: 'Switch to Vietnamese',
};
