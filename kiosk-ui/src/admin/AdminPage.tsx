import { useT } from '../i18n';
import { AdminGate } from './session';
import { AdminShell } from './AdminShell';
import { CountersPanel } from './CountersPanel';

/** /admin: counters, pairing codes, devices. */
export function AdminPage() {
  const t = useT();
  return (
    <AdminGate>
      <AdminShell title={t.admin.title}>
        <CountersPanel />
      </AdminShell>
    </AdminGate>
  );
}
