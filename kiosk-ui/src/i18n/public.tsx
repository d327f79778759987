import type { ReactNode } from 'react';
import { CatalogueProvider, useCatalogue } from './context';
import type { Messages } from './vi';
import { commonVi } from './sections/common.vi';
import { displayVi } from './sections/display.vi';
import { errorsVi } from './sections/errors.vi';
import { kioskVi } from './sections/kiosk.vi';
import { kioskInfoVi } from './sections/kioskInfo.vi';
import { proceduresVi } from './sections/procedures.vi';

/**
 * The public documents' catalogue (/kiosk, /display): the sections a citizen's screen shows, in Vietnamese only.
 * Its type is a part of the staff catalogue's, so the components under kiosk/, display/ and ui/ (which read it
 * through `usePublicT`) run unchanged inside the staff app too, and cannot reach a text the public documents lack.
 */
export type PublicMessages = Pick<Messages, keyof typeof commonVi | 'display' | 'errors' | 'kiosk' | 'kioskInfo' | 'procedures'>;

export const publicVi: PublicMessages = {
  ...commonVi,
  display: displayVi,
  errors: errorsVi,
  kiosk: kioskVi,
  kioskInfo: kioskInfoVi,
  procedures: proceduresVi,
};

const CATALOGUES = { vi: publicVi };

/** The kiosk's and the display's provider: always Vietnamese. */
export function PublicI18nProvider({ children }: { children: ReactNode }) {
  return (
    <CatalogueProvider catalogues={CATALOGUES} fixed="vi">
      {children}
    </CatalogueProvider>
  );
}

export const usePublicT = () => useCatalogue<PublicMessages>().t;

/** The catalogue text for a reason code, including codes this build does not know yet. */
export function errorText(t: Pick<PublicMessages, 'errors' | 'unknownError'>, reason: string): string {
  return (t.errors as Record<string, string>)[reason] ?? t.unknownError(reason);
}
