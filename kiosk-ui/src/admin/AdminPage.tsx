import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { usePathname } from '../router';
import { AdminGate } from './session';
import { AdminShell } from './AdminShell';
import { CountersPanel } from './CountersPanel';
import { SetupChecklist } from './SetupChecklist';
import { AccountsPanel } from './accounts/AccountsPanel';
import { TokensPanel } from './accounts/TokensPanel';
import { ProceduresPanel } from './procedures/ProceduresPanel';
import { HolidaysPanel } from './holidays/HolidaysPanel';
import { SmsPanel } from './sms/SmsPanel';
import { ContactsPanel } from './contacts/ContactsPanel';
import { OpsPanel } from './ops/OpsPanel';
import { SettingsPanel } from './settings/SettingsPanel';
import { AuditPanel } from './audit/AuditPanel';
import { UpstreamPanel } from './upstream/UpstreamPanel';
import { StatsSection } from './stats/StatsSection';

/** /admin and its sections; /admin/live is LivePage. */
export function AdminPage() {
  const t = useT();
  const path = usePathname();
  const sections: Record<string, { title: string; body: ReactNode }> = {
    '/admin': {
      title: t.admin.title,
      body: (
        <>
          <SetupChecklist />
          <CountersPanel />
        </>
      ),
    },
    '/admin/accounts': {
      title: t.accounts.title,
      body: (
        <>
          <AccountsPanel />
          <TokensPanel />
        </>
      ),
    },
    '/admin/procedures': { title: t.procedures.title, body: <ProceduresPanel /> },
    '/admin/holidays': { title: t.holidays.title, body: <HolidaysPanel /> },
    '/admin/contacts': { title: t.contacts.title, body: <ContactsPanel /> },
    '/admin/ops': { title: t.ops.title, body: <OpsPanel /> },
    '/admin/settings': { title: t.settings.title, body: <SettingsPanel /> },
    '/admin/audit': { title: t.audit.title, body: <AuditPanel /> },
    '/admin/upstream': { title: t.upstream.title, body: <UpstreamPanel /> },
    '/admin/stats': { title: t.stats.title, body: <StatsSection /> },
  };
  const sms = path === '/admin/sms' || path.startsWith('/admin/sms/');
  const section = sms ? { title: t.sms.title, body: <SmsPanel /> } : (sections[path] ?? sections['/admin']!);
  return (
    <AdminGate>
      <AdminShell title={section.title}>{section.body}</AdminShell>
    </AdminGate>
  );
}
