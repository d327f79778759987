import type { FileStatus } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';

/** A file's status as a coloured label; "late" overrides the colour of an open file. */
export function StatusBadge({ status, late }: { status: FileStatus; late?: boolean }) {
  const t = useT();
  return (
    <span className={`status-badge status-${status}${late ? ' status-late' : ''}`} data-status={status}>
      {t.fileStatus[status]}
      {late ? ` · ${t.lateLabel}` : ''}
    </span>
  );
}
