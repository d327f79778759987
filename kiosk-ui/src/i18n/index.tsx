import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatDateVi, formatTimeVi } from '@onestop/shared';
import { vi, type ClientReason, type Messages } from './vi';
import { en } from './en';

export type Lang = 'vi' | 'en';
export type { ClientReason, Messages };

const CATALOGUES: Record<Lang, Messages> = { vi, en };
const LANG_KEY = 'onestop.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

interface I18n {
  t: Messages;
  lang: Lang;
  setLang(l: Lang): void;
}

const I18nContext = createContext<I18n>({ t: vi, lang: 'vi', setLang: () => {} });

/** Vietnamese first. `fixed` pins a language (the citizen kiosk is always Vietnamese). */
export function I18nProvider({ children, fixed }: { children: ReactNode; fixed?: Lang }) {
  const [chosen, setChosen] = useState<Lang>(storedLang);
  const lang = fixed ?? chosen;
  const setLang = useCallback((l: Lang) => {
    setChosen(l);
    try {
      localStorage.setItem(LANG_KEY, l);
    } catch {
      /* private mode: the choice lasts until reload */
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => ({ t: CATALOGUES[lang], lang, setLang }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
export const useT = () => useContext(I18nContext).t;

/** The catalogue text for a reason code, including codes this build does not know yet. */
export function errorText(t: Messages, reason: string): string {
  return (t.errors as Record<string, string>)[reason] ?? t.unknownError(reason);
}

/** "HH:MM ngày dd/mm/yyyy" in Vietnam time. */
export function formatWhen(t: Messages, ms: number): string {
  return t.dateTime(formatTimeVi(ms), formatDateVi(ms));
}
