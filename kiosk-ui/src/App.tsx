import { I18nProvider } from './i18n';
import { usePathname } from './router';
import { AdminPage } from './admin/AdminPage';
import { LivePage } from './live/LivePage';
import { HomePage } from './home/HomePage';
import { CounterPage } from './counter/CounterPage';
import { PrintPage } from './counter/print/PrintPage';
import { lazy, Suspense } from 'react';

// the province's pages (upstream role) carry the charts: loaded only there, never on a kiosk tablet
const ProvincePage = lazy(() => import('./province/ProvincePage').then((m) => ({ default: m.ProvincePage })));

const PRINT_RE = /^\/counter\/print\/(receipt|apology)\/([^/]+)$/;

/**
 * The staff's single-page app: /counter and its printed sheets, /admin and its sections, /admin/live, /province.
 * The citizen's /kiosk and the waiting room's /display are documents of their own (src/entries), so neither loads
 * this code. The printed forms are always Vietnamese.
 */
export function App() {
  const path = usePathname();
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
