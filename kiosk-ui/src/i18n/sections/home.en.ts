import type { homeVi } from './home.vi';

/** The start page (/): English. */
export const homeEn: typeof homeVi = {
  title: 'One-stop counter: files, SMS and ratings',
  counter: 'One-stop counter',
  counterHint: 'Staff: receive files, print receipts, mark results ready and collected.',
  kiosk: 'Rating screen (kiosk)',
  kioskHint: 'Open on the tablet at the counter, for citizens to tap.',
  admin: 'Administration',
  adminHint: 'Counters and devices, accounts, procedures, days off, SMS, public information.',
  live: 'Live view',
  liveHint: 'Today’s ratings per counter.',
};
