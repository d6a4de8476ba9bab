import { useState, type SubmitEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useCities, useDirectory } from '../api/queries';
import type { City, DelegateProfile } from '../api/types';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { localEntry, pickOptional } from '../i18n/langMap';
import { groupByCity } from '../lib/directory';
import { fullName } from '../lib/names';

/** The public delegate directory: consenting delegates only, searchable, by city. */
export function Directory() {
  const { t, pick, lang, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const directory = useDirectory(q);
  const cities = useCities();

  const onSearch = (event: SubmitEvent) => {
    event.preventDefault();
    const next = draft.trim();
    setParams(next ? { q: next } : {});
  };

  const cityName = (city: City | undefined) => (city ? pick(city.name) : t('directory.unknownCity'));

  return (
    <div className="page">
      <h1>{t('directory.title')}</h1>
      <p className="lead">{t('directory.intro')}</p>
      <form role="search" className="search-bar" onSubmit={onSearch}>
        <label htmlFor="directory-q">{t('directory.search')}</label>
        <div className="search-row">
          <input
            id="directory-q"
            type="search"
            value={draft}
            maxLength={200}
            onChange={(event) => {
              setDraft(event.target.value);
            }}
          />
          <button type="submit" className="button">
            {t('directory.searchButton')}
          </button>
        </div>
      </form>

      {directory.isPending ? <Loading /> : null}
      {directory.isError ? <ErrorMessage error={directory.error} onRetry={() => void directory.refetch()} /> : null}
      {directory.data ? (
        directory.data.length === 0 ? (
          <Empty message={q ? t('directory.noMatch') : undefined} />
        ) : (
          <>
            <p className="muted" role="status">
              {directory.data.length === 1
                ? t('directory.countOne')
                : t('directory.count', { count: directory.data.length })}
            </p>
            {groupByCity(directory.data, cities.data ?? new Map<number, City>(), (city) => cityName(city), locale).map(
              (group) => {
                const local = group.city ? localEntry(group.city.name) : null;
                const headingId = `city-${String(group.cityId)}`;
                return (
                  <section key={group.cityId} className="city-group" aria-labelledby={headingId}>
                    <h2 id={headingId}>
                      {group.name}
                      {local && local.text !== group.name ? (
                        <span className="local-name" lang={local.tag}>
                          {' '}
                          {local.text}
                        </span>
                      ) : null}
                      {group.city ? <span className="country">{group.city.country}</span> : null}
                    </h2>
                    <ul className="cards">
                      {group.delegates.map((delegate) => (
                        <DelegateCard key={delegate.id} delegate={delegate} lang={lang} />
                      ))}
                    </ul>
                  </section>
                );
              },
            )}
          </>
        )
      ) : null}
    </div>
  );
}

function DelegateCard({ delegate, lang }: { delegate: DelegateProfile; lang: string }) {
  const { t } = useI18n();
  const bio = pickOptional(delegate.bio, lang);
  const name = fullName(delegate);
  return (
    <li className="card delegate-card">
      <div className="avatar" aria-hidden="true">
        {delegate.photo_url ? <img src={delegate.photo_url} alt="" /> : initials(delegate)}
      </div>
      <div className="delegate-body">
        <h3>
          {delegate.honorific ? <span className="honorific">{delegate.honorific} </span> : null}
          {name}
        </h3>
        <p className="delegate-title">
          {delegate.title ?? t(`delegateRole.${delegate.role}`)}
        </p>
        <p className="delegate-meta">
          <span className="chip">{t(`delegateRole.${delegate.role}`)}</span>
          {delegate.languages.length > 0 ? (
            <span className="languages">
              {t('directory.languages')}: {delegate.languages.join(', ')}
            </span>
          ) : null}
        </p>
        {bio ? <p className="bio">{bio}</p> : null}
      </div>
    </li>
  );
}

function initials(delegate: DelegateProfile): string {
  const letters = [delegate.given_name, delegate.family_name ?? '']
    .map((part) => Array.from(part.trim())[0] ?? '')
    .join('');
  return letters.toUpperCase();
}
