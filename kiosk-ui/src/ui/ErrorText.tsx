import { errorText, usePublicT as useT } from '../i18n/public';
import { Typed } from './Typed';

/** A refusal shown through the catalogue, by its reason code. */
export function ErrorText({ reason }: { reason: string | null | undefined }) {
  const t = useT();
  if (!reason) return null;
  return (
    <p className="error" role="alert" data-reason={reason}>
      <Typed text={errorText(t, reason)} />
    </p>
  );
}
