import type { LangMap } from '../api/types';

/**
 * The text of a language map in `lang`: the exact tag first, then any tag of the same
 * language (`zh-Hans` for `zh`), then English, which every map has.
 */
export function pickLang(map: LangMap, lang: string): string {
  const exact = map[lang];
  if (exact) return exact;
  const prefix = `${lang}-`;
  for (const [tag, text] of Object.entries(map)) {
    if (tag.startsWith(prefix) && text) return text;
  }
  return map.en;
}

/** Like `pickLang`, for the optional maps (a delegate's biography). */
export function pickOptional(map: LangMap | null | undefined, lang: string): string | null {
  return map ? pickLang(map, lang) : null;
}

/**
 * A city's name in its own script: the first entry that is not English, with its tag
 * (for the `lang` attribute), or null when the map has English only.
 */
export function localEntry(map: LangMap): { tag: string; text: string } | null {
  for (const [tag, text] of Object.entries(map)) {
    if (tag !== 'en' && text) return { tag, text };
  }
  return null;
}
