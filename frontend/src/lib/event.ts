/** The edition the site shows: the first summit, in Harbin. */
export const EVENT_SLUG = 'harbin-2026';
