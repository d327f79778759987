import { AUDIT_WORDS_EN } from '@onestop/shared';
import type { auditVi } from './audit.vi';

/** The audit log page (/admin/audit): English. */
export const auditEn: typeof auditVi = {
  title: 'Audit log',
  nav: 'Audit log',
  intro: 'Every administrative change and every file transition: who, when, what, before and after. Passwords and secrets are never recorded.',
  from: 'From',
  to: 'To',
  actor: 'Who',
  anyActor: 'Anyone',
  kind: 'Kind',
  anyKind: 'All',
  show: 'Show',
  exportCsv: 'Download CSV',
  exportXlsx: 'Download Excel (XLSX)',
  when: 'When',
  what: 'Change',
  target: 'What',
  before: 'Before',
  after: 'After',
  none: 'No changes in this range.',
  total: (n: number) => `${n} entries`,
  page: (p: number, pages: number) => `Page ${p}/${pages}`,
  prev: 'Previous',
  next: 'Next',
  words: AUDIT_WORDS_EN,
  kinds: AUDIT_WORDS_EN.kinds,
  actions: AUDIT_WORDS_EN.actions,
};
