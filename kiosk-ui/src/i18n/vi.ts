import { commonVi } from './sections/common.vi';
import { provinceVi } from './sections/province.vi';
import { displayVi } from './sections/display.vi';
import { opsVi } from './sections/ops.vi';
import { upstreamVi } from './sections/upstream.vi';
import { settingsVi } from './sections/settings.vi';
import { setupVi } from './sections/setup.vi';
import { auditVi } from './sections/audit.vi';
import { counterEditVi } from './sections/counterEdit.vi';
import { statsVi } from './sections/stats.vi';
import { errorsVi } from './sections/errors.vi';
import { homeVi } from './sections/home.vi';
import { kioskVi } from './sections/kiosk.vi';
import { kioskInfoVi } from './sections/kioskInfo.vi';
import { proceduresVi } from './sections/procedures.vi';
import { holidaysVi } from './sections/holidays.vi';
import { contactsVi } from './sections/contacts.vi';
import { counterVi } from './sections/counter.vi';
import { printVi } from './sections/print.vi';
import { smsVi } from './sections/sms.vi';
import { adminVi } from './sections/admin.vi';
import { accountsVi } from './sections/accounts.vi';
import { tokensVi } from './sections/tokens.vi';
import { liveVi } from './sections/live.vi';

export type { ClientReason } from './sections/errors.vi';

/**
 * The Vietnamese catalogue: the source of truth for every text on screen, assembled from one file per section
 * (./sections/*.vi.ts). `en.ts` must have the same shape. Functions are used where a value is put into a sentence.
 */
export const vi = {
  ...commonVi,
  province: provinceVi,
  display: displayVi,
  ops: opsVi,
  upstream: upstreamVi,
  settings: settingsVi,
  setup: setupVi,
  audit: auditVi,
  counterEdit: counterEditVi,
  stats: statsVi,
  errors: errorsVi,
  home: homeVi,
  kiosk: kioskVi,
  kioskInfo: kioskInfoVi,
  procedures: proceduresVi,
  holidays: holidaysVi,
  contacts: contactsVi,
  counter: counterVi,
  print: printVi,
  sms: smsVi,
  admin: adminVi,
  accounts: accountsVi,
  tokens: tokensVi,
  live: liveVi,
};

export type Messages = typeof vi;
