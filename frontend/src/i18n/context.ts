import { createContext, useContext } from 'react';
import type { LangMap } from '../api/types';
import type { Language, MessageKey } from './messages';

/** What every component gets from `useI18n`. */
export interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  /** A UI message in the current language. */
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** A content language map in the current language, falling back to English. */
  pick: (map: LangMap) => string;
  /** The BCP 47 locale for `Intl` formatting. */
  locale: string;
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
