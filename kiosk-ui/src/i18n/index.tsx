import type { ReactNode } from 'react';
import { formatDateVi, formatTimeVi } from '@onestop/shared';
import { CatalogueProvider, useCatalogue, type Lang } from './context';
import { vi, type ClientReason, type Messages } from './vi';
import { en } from './en';

export type { Lang, ClientReason, Messages };
export { errorText } from './public';

const CATALOGUES = { vi, en };

/** The staff documents' provider: Vietnamese first, English on request. `fixed` pins a language (printed forms). */
export function I18nProvider({ children, fixed }: { children: ReactNode; fixed?: Lang }) {
  return (
    <CatalogueProvider catalogues={CATALOGUES} fixed={fixed}>
      {children}
    </CatalogueProvider>
  );
}

export const useI18n = () => useCatalogue<Messages>();
export const useT = () => useCatalogue<Messages>().t;

/** "HH:MM ngày dd/mm/yyyy" in Vietnam time. */
export function formatWhen(t: Messages, ms: number): string {
  return t.dateTime(formatTimeVi(ms), formatDateVi(ms));
}
