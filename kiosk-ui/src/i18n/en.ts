import { commonEn } from './sections/common.en';
import { provinceEn } from './sections/province.en';
import { displayEn } from './sections/display.en';
import { opsEn } from './sections/ops.en';
import { upstreamEn } from './sections/upstream.en';
import { settingsEn } from './sections/settings.en';
import { setupEn } from './sections/setup.en';
import { auditEn } from './sections/audit.en';
import { counterEditEn } from './sections/counterEdit.en';
import { statsEn } from './sections/stats.en';
import { errorsEn } from './sections/errors.en';
import { homeEn } from './sections/home.en';
import { kioskEn } from './sections/kiosk.en';
import { kioskInfoEn } from './sections/kioskInfo.en';
import { proceduresEn } from './sections/procedures.en';
import { holidaysEn } from './sections/holidays.en';
import { contactsEn } from './sections/contacts.en';
import { counterEn } from './sections/counter.en';
import { printEn } from './sections/print.en';
import { smsEn } from './sections/sms.en';
import { adminEn } from './sections/admin.en';
import { accountsEn } from './sections/accounts.en';
import { tokensEn } from './sections/tokens.en';
import { liveEn } from './sections/live.en';
import type { Messages } from './vi';

/** English, second language of the admin pages, assembled from ./sections/*.en.ts. Same shape as the Vietnamese catalogue. */
export const en: Messages = {
  ...commonEn,
  province: provinceEn,
  display: displayEn,
  ops: opsEn,
  upstream: upstreamEn,
  settings: settingsEn,
  setup: setupEn,
  audit: auditEn,
  counterEdit: counterEditEn,
  stats: statsEn,
  errors: errorsEn,
  home: homeEn,
  kiosk: kioskEn,
  kioskInfo: kioskInfoEn,
  procedures: proceduresEn,
  holidays: holidaysEn,
  contacts: contactsEn,
  counter: counterEn,
  print: printEn,
  sms: smsEn,
  admin: adminEn,
  accounts: accountsEn,
  tokens: tokensEn,
  live: liveEn,
};
