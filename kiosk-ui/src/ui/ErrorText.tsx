import { errorText, usePublicT as useT } from '../i18n/public';

/** A refusal shown through the catalogue, by its reason code. */
export function ErrorText({ reason }: { reason: string | null | undefined }) {
  const t = useT();
  if (!reason) return null;
  return (
    <p className="error" role="alert" data-reason={reason}>
      {errorText(t, reason)}
    </p>
  );
}
