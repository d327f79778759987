import { I18nProvider } from './i18n';
import { usePathname } from './router';
import { KioskPage } from './kiosk/KioskPage';
import { AdminPage } from './admin/AdminPage';
import { LivePage } from './live/LivePage';
import { HomePage } from './home/HomePage';

/** One single-page app, three pages: /kiosk (citizens), /admin, /admin/live. */
export function App() {
  const path = usePathname();
  if (path === '/kiosk') {
    return (
      <I18nProvider fixed="vi">
        <KioskPage />
      </I18nProvider>
    );
  }
  return (
    <I18nProvider>
      {path === '/admin/live' ? <LivePage /> : path.startsWith('/admin') ? <AdminPage /> : <HomePage />}
    </I18nProvider>
  );
}
