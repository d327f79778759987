import { lazy, Suspense } from 'react';
import { useT } from '../../i18n';

// the charts library loads only with this page, not with every admin page
const StatsPanel = lazy(() => import('./StatsPanel').then((m) => ({ default: m.StatsPanel })));

/** /admin/stats, loaded on demand. */
export function StatsSection() {
  const t = useT();
  return (
    <Suspense fallback={<p className="adm-loading">{t.loading}</p>}>
      <StatsPanel />
    </Suspense>
  );
}
