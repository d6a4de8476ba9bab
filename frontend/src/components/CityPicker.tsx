import { useId, useMemo, useState } from 'react';
import type { City } from '../api/types';
import { useI18n } from '../i18n/context';

/**
 * A city chooser that can be searched by name (in any script the registry has): a search
 * field narrows the list below it. Both are labelled; the list is a native select, so it
 * works with the keyboard and on phones as usual.
 */
export function CityPicker({
  label,
  cities,
  value,
  onChange,
  id,
  error,
  name,
}: {
  label: string;
  cities: readonly City[];
  value: number | null;
  onChange: (id: number | null) => void;
  /** The select's id (a label elsewhere may point to it). */
  id?: string;
  /** A field error to show under it. */
  error?: string | undefined;
  /** The form field name of the select. */
  name?: string;
}) {
  const { t, pick, locale } = useI18n();
  const generated = useId();
  const selectId = id ?? `city-${generated}`;
  const searchId = `${selectId}-search`;
  const errorId = `${selectId}-error`;
  const [needle, setNeedle] = useState('');

  const options = useMemo(() => {
    const collator = new Intl.Collator(locale);
    const q = needle.trim().toLocaleLowerCase();
    return cities
      .filter(
        (city) =>
          city.id === value ||
          !q ||
          Object.values(city.name).some((text) => text.toLocaleLowerCase().includes(q)) ||
          city.country.toLowerCase() === q,
      )
      .sort((a, b) => collator.compare(pick(a.name), pick(b.name)));
  }, [cities, needle, locale, pick, value]);

  return (
    <div className="field city-picker">
      <label htmlFor={selectId}>{label}</label>
      <input
        id={searchId}
        type="search"
        className="city-picker-search"
        value={needle}
        placeholder={t('picker.placeholder')}
        aria-label={t('picker.search', { label })}
        onChange={(event) => {
          const next = event.target.value;
          setNeedle(next);
          // When the search leaves one city (besides the chosen one), choose it.
          const q = next.trim().toLocaleLowerCase();
          const hits = cities.filter((city) =>
            Object.values(city.name).some((text) => text.toLocaleLowerCase().includes(q)),
          );
          if (q && hits.length === 1 && hits[0]) onChange(hits[0].id);
        }}
      />
      <select
        id={selectId}
        name={name}
        value={value ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          const next = Number(event.target.value);
          onChange(Number.isSafeInteger(next) && next > 0 ? next : null);
        }}
      >
        <option value="">
          {needle.trim() ? t('picker.matches', { count: options.length }) : t('picker.choose')}
        </option>
        {options.map((city) => (
          <option key={city.id} value={city.id}>
            {pick(city.name)} ({city.country})
          </option>
        ))}
      </select>
      {error ? (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
