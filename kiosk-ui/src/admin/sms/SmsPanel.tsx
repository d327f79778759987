import { useT } from '../../i18n';
import { Link, usePathname } from '../../router';
import { MessageList } from './MessageList';
import { SmsStatusBar } from './SmsStatusBar';
import { TemplatesPanel } from './TemplatesPanel';
import { TestSmsForm } from './TestSmsForm';
import './sms.css';

const TABS = ['/admin/sms', '/admin/sms/templates', '/admin/sms/test'] as const;

/** /admin/sms: the outbox, the templates, a test message. */
export function SmsPanel() {
  const t = useT();
  const path = usePathname();
  const tab = (TABS as readonly string[]).includes(path) ? path : '/admin/sms';
  const labels: Record<(typeof TABS)[number], string> = {
    '/admin/sms': t.sms.tabMessages,
    '/admin/sms/templates': t.sms.tabTemplates,
    '/admin/sms/test': t.sms.tabTest,
  };
  return (
    <div className="sms-panel">
      <SmsStatusBar />
      <nav className="adm-subnav">
        {TABS.map((href) => (
          <Link key={href} href={href} className={tab === href ? 'active' : undefined} aria-current={tab === href ? 'page' : undefined}>
            {labels[href]}
          </Link>
        ))}
      </nav>
      {tab === '/admin/sms/templates' ? <TemplatesPanel /> : tab === '/admin/sms/test' ? <TestSmsForm /> : <MessageList />}
    </div>
  );
}
