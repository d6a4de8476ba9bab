import type { DelegateProfile } from '../api/types';

/** A person's name as printed on the badge: given name, then family name if any. */
export function fullName(person: Pick<DelegateProfile, 'given_name' | 'family_name'>): string {
  return person.family_name ? `${person.given_name} ${person.family_name}` : person.given_name;
}
