import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LangMap } from '../api/types';
import { I18nContext, type I18n } from './context';
import { pickLang } from './langMap';
import { initialLanguage, localeOf, rememberLanguage } from './language';
import { format, MESSAGES, type Language, type MessageKey } from './messages';

function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Holds the UI language, remembers the choice and keeps `<html lang>` in step. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(() =>
    initialLanguage(browserStorage(), navigator.languages),
  );

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
  }, [lang]);

  const setLang = useCallback((next: Language) => {
    rememberLanguage(browserStorage(), next);
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const table = MESSAGES[lang];
    return {
      lang,
      setLang,
      t: (key: MessageKey, params?: Record<string, string | number>) => format(table[key], params),
      pick: (map: LangMap) => pickLang(map, lang),
      locale: localeOf(lang),
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
