import { useMemo, type ReactNode, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useExhibitors, useHalls } from '../api/expo';
import type { Exhibitor, ExhibitorListQuery } from '../api/types';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { EXHIBITOR_KINDS, isCountry, isExhibitorKind, isSector, SECTORS } from '../lib/expo';
import { countryName, joinList } from '../lib/partnerships';
import { useUrlFilter } from '../components/useUrlFilter';

type FilterName = 'sector' | 'country' | 'kind' | 'hall' | 'q';

/** The directory's filters as the URL holds them, checked against the spec's enums. */
function useExpoFilters() {
  const [params, setParams] = useSearchParams();
  const sector = params.get('sector');
  const country = params.get('country');
  const kind = params.get('kind');
  const hall = Number(params.get('hall'));
  const q = params.get('q')?.trim() ?? '';
  const query: Omit<ExhibitorListQuery, 'page' | 'per_page'> = {
    status: 'approved',
    ...(isSector(sector) ? { sector } : {}),
    ...(isCountry(country) ? { country } : {}),
    ...(isExhibitorKind(kind) ? { kind } : {}),
    ...(Number.isSafeInteger(hall) && hall > 0 ? { hall_id: hall } : {}),
    ...(q ? { q } : {}),
  };
  const setUrlFilter = useUrlFilter();
  const setFilter = (name: FilterName, value: string) => {
    setUrlFilter(name, value);
  };
  const filtered = ['sector', 'country', 'kind', 'hall', 'q'].some((name) => params.get(name));
  return { query, setFilter, filtered, clear: () => { setParams({}, { replace: true }); } };
}

/** The public expo directory: approved exhibitors with filters and search, and the halls' plans. */
export function Expo() {
  const { t, pick, locale } = useI18n();
  const { query, setFilter, filtered, clear } = useExpoFilters();
  const list = useExhibitors(query);
  const everyone = useExhibitors({ status: 'approved' });
  const halls = useHalls();

  const countries = useMemo(() => {
    const codes = new Set((everyone.data ?? []).map((e) => e.country));
    const collator = new Intl.Collator(locale);
    return [...codes]
      .map((code) => ({ code, name: countryName(code, locale) }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [everyone.data, locale]);

  const collator = new Intl.Collator(locale);
  const items = [...(list.data ?? [])].sort((a, b) => collator.compare(pick(a.name), pick(b.name)));
  const hallName = new Map((halls.data ?? []).map((hall) => [hall.id, pick(hall.name)]));

  const onSearch = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('q');
    setFilter('q', typeof value === 'string' ? value.trim() : '');
  };

  return (
    <div className="page wide expo-page">
      <div className="page-head">
        <div>
          <h1>{t('expo.title')}</h1>
          <p className="lead">{t('expo.intro')}</p>
        </div>
      </div>

      <nav className="hall-links" aria-label={t('expo.plans')}>
        <h2 className="visually-hidden">{t('expo.plans')}</h2>
        {halls.isError ? <ErrorMessage error={halls.error} onRetry={() => void halls.refetch()} /> : null}
        {(halls.data ?? []).map((hall) => (
          <Link key={hall.id} className="button button-secondary" to={`/expo/halls/${String(hall.id)}`}>
            {t('expo.planOf', { hall: pick(hall.name) })}
          </Link>
        ))}
      </nav>

      <form className="search-row expo-search" role="search" onSubmit={onSearch}>
        <label htmlFor="expo-q" className="visually-hidden">
          {t('expo.search')}
        </label>
        <input id="expo-q" name="q" type="search" placeholder={t('expo.search')} defaultValue={query.q ?? ''} key={query.q ?? ''} />
        <button type="submit" className="button">
          {t('expo.searchButton')}
        </button>
      </form>

      <form
        className="filters expo-filters"
        aria-label={t('expo.filters')}
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label>
          <span>{t('expo.sector')}</span>
          <select value={query.sector ?? ''} onChange={(e) => { setFilter('sector', e.target.value); }}>
            <option value="">{t('map.any')}</option>
            {SECTORS.map((sector) => (
              <option key={sector} value={sector}>
                {t(`sector.${sector}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('expo.country')}</span>
          <select value={query.country ?? ''} onChange={(e) => { setFilter('country', e.target.value); }}>
            <option value="">{t('map.any')}</option>
            {countries.map(({ code, name }) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('expo.kind')}</span>
          <select value={query.kind ?? ''} onChange={(e) => { setFilter('kind', e.target.value); }}>
            <option value="">{t('map.any')}</option>
            {EXHIBITOR_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`exhibitorKind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('expo.hall')}</span>
          <select value={query.hall_id ? String(query.hall_id) : ''} onChange={(e) => { setFilter('hall', e.target.value); }}>
            <option value="">{t('map.any')}</option>
            {(halls.data ?? []).map((hall) => (
              <option key={hall.id} value={hall.id}>
                {pick(hall.name)}
              </option>
            ))}
          </select>
        </label>
        {filtered ? (
          <button type="button" className="button button-secondary button-small" onClick={clear}>
            {t('map.clear')}
          </button>
        ) : null}
      </form>

      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorMessage error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data ? (
        <p className="muted" role="status">
          {items.length === 1 ? t('expo.countOne') : t('expo.count', { count: items.length })}
        </p>
      ) : null}
      {list.data && items.length === 0 ? <Empty message={filtered ? t('expo.noMatch') : undefined} /> : null}
      {items.length > 0 ? (
        <ul className="cards exhibitor-cards" aria-busy={list.isFetching}>
          {items.map((exhibitor) => (
            <ExhibitorCard key={exhibitor.id} exhibitor={exhibitor} hallName={hallName} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** One exhibitor in a list: name, kind, country, sectors and booths (each a link to its plan). */
export function ExhibitorCard({
  exhibitor,
  hallName,
  children,
}: {
  exhibitor: Exhibitor;
  hallName: ReadonlyMap<number, string>;
  children?: ReactNode;
}) {
  const { t, pick, locale } = useI18n();
  const name = pick(exhibitor.name);
  return (
    <li className="card exhibitor-card">
      <p className="eyebrow">
        <span className="chip">{t(`exhibitorKind.${exhibitor.kind}`)}</span>{' '}
        <span className="muted">{countryName(exhibitor.country, locale)}</span>
      </p>
      <h3>
        <Link to={`/expo/exhibitors/${String(exhibitor.id)}`}>{name}</Link>
      </h3>
      <p className="exhibitor-sectors">{joinList(exhibitor.sectors.map((s) => t(`sector.${s}`)), locale)}</p>
      {exhibitor.booths.length > 0 ? (
        <p className="exhibitor-booths">
          <span className="muted">{t('expo.booths')}: </span>
          {exhibitor.booths.map((booth, index) => (
            <span key={booth.booth_id}>
              {index > 0 ? ', ' : null}
              <Link
                to={`/expo/halls/${String(booth.hall_id)}?booth=${String(booth.booth_id)}`}
                aria-label={t('expo.boothIn', { code: booth.code, hall: hallName.get(booth.hall_id) ?? '' })}
              >
                {booth.code}
              </Link>
            </span>
          ))}
        </p>
      ) : (
        <p className="muted">{t('expo.noBooth')}</p>
      )}
      {children}
    </li>
  );
}
