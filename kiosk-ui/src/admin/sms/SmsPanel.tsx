import { useT } from '../../i18n';
import { Link, usePathname } from '../../router';
import { MessageList } from './MessageList';
import { SmsStatusBar } from './SmsStatusBar';
import { TemplatesPanel } from './TemplatesPanel';
import { TestSmsForm } from './TestSmsForm';
import { SMS_TABS } from '../nav';
import './sms.css';


/** /admin/sms: the outbox, the templates, a test message. */
export function SmsPanel() {
  const t = useT();
  const path = usePathname();
  const tab = SMS_TABS.some((s) => s.href === path) ? path : '/admin/sms';
  return (
    <div className="sms-panel">
      <SmsStatusBar />
      <nav className="adm-subnav">
        {SMS_TABS.map(({ href, label }) => (
          <Link key={href} href={href} className={tab === href ? 'active' : undefined} aria-current={tab === href ? 'page' : undefined}>
            {label(t)}
          </Link>
        ))}
      </nav>
      {tab === '/admin/sms/templates' ? <TemplatesPanel /> : tab === '/admin/sms/test' ? <TestSmsForm /> : <MessageList />}
    </div>
  );
}
