import { useI18n } from '../i18n';

export function LangSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <button type="button" className="lang-switch" title={t.langSwitchTitle} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
      {t.langSwitch}
    </button>
  );
}
