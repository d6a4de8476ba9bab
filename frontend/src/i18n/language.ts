import { LANGUAGES, type Language } from './messages';

const STORAGE_KEY = 'gmd.lang';

function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((lang) => lang === value);
}

/** The remembered language, else the browser's if we have it, else English. */
export function initialLanguage(storage: Storage | undefined, browserLanguages: readonly string[]): Language {
  const stored = storage?.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function rememberLanguage(storage: Storage | undefined, lang: Language): void {
  storage?.setItem(STORAGE_KEY, lang);
}

/** The locale `Intl` formats with, and the `lang` attribute of the page. */
export function localeOf(lang: Language): string {
  return lang === 'zh' ? 'zh-CN' : 'en-GB';
}
