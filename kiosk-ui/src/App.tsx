import { I18nProvider } from './i18n';
import { usePathname } from './router';
import { KioskPage } from './kiosk/KioskPage';
import { AdminPage } from './admin/AdminPage';
import { LivePage } from './live/LivePage';
import { HomePage } from './home/HomePage';
import { CounterPage } from './counter/CounterPage';
import { PrintPage } from './counter/print/PrintPage';
import { DisplayPage } from './display/DisplayPage';
import { lazy, Suspense } from 'react';

// the province's pages (upstream role) carry the charts: loaded only there, never on a kiosk tablet
const ProvincePage = lazy(() => import('./province/ProvincePage').then((m) => ({ default: m.ProvincePage })));

const PRINT_RE = /^\/counter\/print\/(receipt|apology)\/([^/]+)$/;

/**
 * One single-page app: /kiosk (citizens), /counter (staff) and its printed sheets, /admin and its sections,
 * /admin/live. The citizen's kiosk and the printed forms are always Vietnamese.
 */
export function App() {
  const path = usePathname();
  if (path === '/kiosk') {
    return (
      <I18nProvider fixed="vi">
        <KioskPage />
      </I18nProvider>
    );
  }
  if (path === '/display') {
    // the waiting room's TV: public, aggregates only, always Vietnamese
    return (
      <I18nProvider fixed="vi">
        <DisplayPage />
      </I18nProvider>
    );
  }
  const print = PRINT_RE.exec(path);
  if (print) {
    return (
      <I18nProvider fixed="vi">
        <PrintPage kind={print[1] as 'receipt' | 'apology'} code={decodeURIComponent(print[2]!)} />
      </I18nProvider>
    );
  }
  if (path === '/province' || path.startsWith('/province/')) {
    // the hub in its upstream role: the province's figures
    return (
      <I18nProvider>
        <Suspense fallback={null}>
          <ProvincePage />
        </Suspense>
      </I18nProvider>
    );
  }
  return (
    <I18nProvider>
      {path === '/counter' ? <CounterPage /> : path === '/admin/live' ? <LivePage /> : path.startsWith('/admin') ? <AdminPage /> : <HomePage />}
    </I18nProvider>
  );
}
