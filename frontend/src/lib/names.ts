import type { DelegateProfile } from '../api/types';

/** A person's name as printed on the badge: given name, then family name if any. */
export function fullName(person: Pick<DelegateProfile, 'given_name' | 'family_name'>): string {
  return person.family_name ? `${person.given_name} ${person.family_name}` : person.given_name;
}

/**
 * The name of someone the API may hide (a speaker without a public profile shown to a
 * caller who may not recognise them): `null` when it did, so the caller names the city.
 */
export function shownName(person: { given_name?: string | null; family_name?: string | null }): string | null {
  if (!person.given_name) return null;
  return person.family_name ? `${person.given_name} ${person.family_name}` : person.given_name;
}
