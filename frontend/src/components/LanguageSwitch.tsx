import { useI18n } from '../i18n/context';
import { LANGUAGES, type Language } from '../i18n/messages';

/** Each language named in itself, so anyone can find their own. */
const NAMES: Record<Language, string> = { en: 'English', zh: '中文' };

/** A pair of toggle buttons; the choice is remembered by the provider. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('nav.language')}>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code === 'zh' ? 'zh-Hans' : 'en'}
          aria-pressed={lang === code}
          className={lang === code ? 'active' : undefined}
          onClick={() => {
            setLang(code);
          }}
        >
          {NAMES[code]}
        </button>
      ))}
    </div>
  );
}
