import type { City, DelegateProfile } from '../api/types';

/** One city's delegates in the directory. */
export interface CityGroup {
  cityId: number;
  city: City | undefined;
  name: string;
  delegates: DelegateProfile[];
}

/**
 * Groups delegates by city, the groups sorted by the city's displayed name in `locale`;
 * the delegates keep the order they came in (the API sorts them by name).
 */
export function groupByCity(
  delegates: readonly DelegateProfile[],
  cities: ReadonlyMap<number, City>,
  nameOf: (city: City | undefined) => string,
  locale: string,
): CityGroup[] {
  const groups = new Map<number, CityGroup>();
  for (const delegate of delegates) {
    let group = groups.get(delegate.city_id);
    if (!group) {
      const city = cities.get(delegate.city_id);
      group = { cityId: delegate.city_id, city, name: nameOf(city), delegates: [] };
      groups.set(delegate.city_id, group);
    }
    group.delegates.push(delegate);
  }
  const collator = new Intl.Collator(locale);
  return [...groups.values()].sort((a, b) => collator.compare(a.name, b.name));
}
