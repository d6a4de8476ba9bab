import type { Delegate, LangMap, UpdateDelegate } from '../api/types';
import { fromZonedInput, toZonedInput } from './time';

/**
 * The "My profile" form as the inputs hold it: text everywhere, lists as comma-separated
 * codes, travel times on the event's clock. Only the fields a delegate may change.
 */
export interface ProfileForm {
  email: string;
  phone: string;
  dietary_needs: string;
  accessibility_needs: string;
  interpretation_needs: string;
  languages: string;
  hotel: string;
  arrival_at: string;
  departure_at: string;
  bio_en: string;
  bio_zh: string;
  photo_url: string;
  consent_public_profile: boolean;
}

const joinCodes = (codes: readonly string[]) => codes.join(', ');

/** "fi, EN ,, zh" → ["fi", "en", "zh"]: trimmed, lower-cased language tags' base, no blanks. */
export function splitCodes(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((code) => code.trim())
    .filter((code) => code.length > 0)
    .map((code) => {
      const [base, ...rest] = code.split('-');
      return [base?.toLowerCase() ?? '', ...rest].join('-');
    });
}

export function toForm(delegate: Delegate, timeZone: string): ProfileForm {
  return {
    email: delegate.email ?? '',
    phone: delegate.phone ?? '',
    dietary_needs: delegate.dietary_needs ?? '',
    accessibility_needs: delegate.accessibility_needs ?? '',
    interpretation_needs: joinCodes(delegate.interpretation_needs),
    languages: joinCodes(delegate.languages),
    hotel: delegate.hotel ?? '',
    arrival_at: toZonedInput(delegate.arrival_at, timeZone),
    departure_at: toZonedInput(delegate.departure_at, timeZone),
    bio_en: delegate.bio?.en ?? '',
    bio_zh: delegate.bio?.zh ?? '',
    photo_url: delegate.photo_url ?? '',
    consent_public_profile: delegate.consent_public_profile,
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function sameInstant(a: string | null | undefined, b: string | null): boolean {
  if (!a || !b) return !a && !b;
  return new Date(a).getTime() === new Date(b).getTime();
}

/**
 * The bio map to send: the original's other languages kept, English and Chinese from the
 * form; null when nothing is left. A map without English is invalid: the caller checks
 * `bioNeedsEnglish` first.
 */
function nextBio(original: LangMap | null | undefined, form: ProfileForm): LangMap | null {
  const rest: Record<string, string> = { ...(original ?? {}) };
  delete rest.en;
  delete rest.zh;
  const zh = text(form.bio_zh);
  if (zh) rest.zh = zh;
  const en = text(form.bio_en);
  if (!en) return null;
  return { ...rest, en };
}

function sameBio(a: LangMap | null | undefined, b: LangMap | null): boolean {
  const ea = Object.entries(a ?? {}).sort();
  const eb = Object.entries(b ?? {}).sort();
  return ea.length === eb.length && ea.every(([k, v], i) => eb[i]?.[0] === k && eb[i][1] === v);
}

/** True when the form has a Chinese biography but no English one (the API needs `en`). */
export function bioNeedsEnglish(form: ProfileForm): boolean {
  return text(form.bio_zh) !== null && text(form.bio_en) === null;
}

/**
 * The PATCH body: only what differs from `original`, so that a save never overwrites a
 * field nobody touched. Empty inputs clear optional fields (`null`).
 */
export function toPatch(original: Delegate, form: ProfileForm, timeZone: string): UpdateDelegate {
  const patch: UpdateDelegate = {};
  const strings = ['email', 'phone', 'dietary_needs', 'accessibility_needs', 'hotel', 'photo_url'] as const;
  for (const field of strings) {
    const value = text(form[field]);
    if (value !== (original[field] ?? null)) patch[field] = value;
  }
  const languages = splitCodes(form.languages);
  if (!sameList(languages, original.languages)) patch.languages = languages;
  const interpretation = splitCodes(form.interpretation_needs);
  if (!sameList(interpretation, original.interpretation_needs)) patch.interpretation_needs = interpretation;

  const arrival = fromZonedInput(form.arrival_at, timeZone);
  if (!sameInstant(original.arrival_at, arrival)) patch.arrival_at = arrival;
  const departure = fromZonedInput(form.departure_at, timeZone);
  if (!sameInstant(original.departure_at, departure)) patch.departure_at = departure;

  const bio = nextBio(original.bio, form);
  if (!sameBio(original.bio, bio)) patch.bio = bio;

  if (form.consent_public_profile !== original.consent_public_profile) {
    patch.consent_public_profile = form.consent_public_profile;
  }
  return patch;
}
