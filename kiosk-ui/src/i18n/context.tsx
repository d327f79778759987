import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/**
 * The language context without any catalogue in it: each document (the staff app, the kiosk, the display) brings
 * the catalogues it needs, so a citizen's tablet never downloads the admin pages' texts. See ./index.tsx (staff) and
 * ./public.tsx (kiosk, display).
 */
export type Lang = 'vi' | 'en';

const LANG_KEY = 'onestop.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export interface I18n<M> {
  t: M;
  lang: Lang;
  setLang(l: Lang): void;
}

const I18nContext = createContext<I18n<unknown> | null>(null);

/** Vietnamese first. `fixed` pins a language (the citizen kiosk is always Vietnamese); without `en`, Vietnamese it is. */
export function CatalogueProvider<M>({ children, catalogues, fixed }: { children: ReactNode; catalogues: { vi: M; en?: M }; fixed?: Lang }) {
  const [chosen, setChosen] = useState<Lang>(storedLang);
  const lang: Lang = fixed ?? (catalogues.en ? chosen : 'vi');
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
  const value = useMemo(() => ({ t: (lang === 'en' ? catalogues.en : catalogues.vi) ?? catalogues.vi, lang, setLang }), [lang, setLang, catalogues]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The context as a document's catalogue type `M`; the typed hooks in ./index.tsx and ./public.tsx are the only callers. */
export function useCatalogue<M>(): I18n<M> {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useT outside an I18nProvider');
  return ctx as I18n<M>;
}
