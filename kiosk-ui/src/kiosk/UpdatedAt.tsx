import { formatDateVi, formatTimeVi } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';

/** "Cập nhật lúc dd/mm/yyyy HH:mm", and when the hub is unreachable, that this is the kept copy. */
export function UpdatedAt({ savedAt, stale }: { savedAt: number | null; stale: boolean }) {
  const t = useT();
  if (savedAt === null) return null;
  return (
    <p className={'info-updated' + (stale ? ' info-stale' : '')} data-testid="info-updated" data-stale={stale}>
      {t.kioskInfo.updatedAt(`${formatDateVi(savedAt)} ${formatTimeVi(savedAt)}`)}
      {stale ? ` ${t.kioskInfo.offlineCopy}` : ''}
    </p>
  );
}
