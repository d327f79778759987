import type { Messages } from '../i18n/vi';

/**
 * The sections of /admin, in the menu's order: the one list the menu (AdminShell), the SMS section's tabs (SmsPanel)
 * and the readability test (tests/browser/readable-pages.test.ts) read, so a section added here is shown and checked.
 */
export interface AdminSection {
  href: string;
  label: (t: Messages) => string;
  /** a section with tabs: each tab's own address, the first being the section's */
  tabs?: readonly { href: string; label: (t: Messages) => string }[];
}

export const SMS_TABS = [
  { href: '/admin/sms', label: (t: Messages) => t.sms.tabMessages },
  { href: '/admin/sms/templates', label: (t: Messages) => t.sms.tabTemplates },
  { href: '/admin/sms/test', label: (t: Messages) => t.sms.tabTest },
] as const;

export const ADMIN_NAV: readonly AdminSection[] = [
  { href: '/admin', label: (t) => t.admin.navCounters },
  { href: '/admin/accounts', label: (t) => t.admin.navAccounts },
  { href: '/admin/procedures', label: (t) => t.admin.navProcedures },
  { href: '/admin/holidays', label: (t) => t.admin.navHolidays },
  { href: '/admin/sms', label: (t) => t.admin.navSms, tabs: SMS_TABS },
  { href: '/admin/contacts', label: (t) => t.admin.navContacts },
  { href: '/admin/stats', label: (t) => t.stats.nav },
  { href: '/admin/ops', label: (t) => t.ops.nav },
  { href: '/admin/settings', label: (t) => t.settings.nav },
  { href: '/admin/audit', label: (t) => t.audit.nav },
  { href: '/admin/upstream', label: (t) => t.upstream.nav },
  { href: '/admin/live', label: (t) => t.admin.navLive },
];

/** Every page an admin can open from the menu: each section, and each tab of a section with tabs. */
export const ADMIN_PAGES: readonly string[] = ADMIN_NAV.flatMap((s) => (s.tabs ? s.tabs.map((tab) => tab.href) : [s.href]));
