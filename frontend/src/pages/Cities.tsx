import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useCities } from '../api/queries';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { localEntry } from '../i18n/langMap';

/** The registry of cities, each with its name in its own script; filtered as you type. */
export function Cities() {
  const { t, pick, locale } = useI18n();
  const cities = useCities();
  const [filter, setFilter] = useState('');

  const rows = useMemo(() => {
    const collator = new Intl.Collator(locale);
    const needle = filter.trim().toLocaleLowerCase();
    return [...(cities.data?.values() ?? [])]
      .filter(
        (city) =>
          !needle ||
          Object.values(city.name).some((name) => name.toLocaleLowerCase().includes(needle)) ||
          city.country.toLowerCase() === needle,
      )
      .sort((a, b) => collator.compare(pick(a.name), pick(b.name)));
  }, [cities.data, filter, locale, pick]);

  const number = new Intl.NumberFormat(locale);

  return (
    <div className="page">
      <h1>{t('cities.title')}</h1>
      <p className="lead">{t('cities.intro')}</p>
      <div className="search-bar">
        <label htmlFor="city-filter">{t('cities.search')}</label>
        <input
          id="city-filter"
          type="search"
          value={filter}
          onChange={(event) => {
            setFilter(event.target.value);
          }}
        />
      </div>
      {cities.isPending ? <Loading /> : null}
      {cities.isError ? <ErrorMessage error={cities.error} onRetry={() => void cities.refetch()} /> : null}
      {cities.data && rows.length === 0 ? <Empty /> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('cities.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cities.name')}</th>
                <th scope="col">{t('cities.localName')}</th>
                <th scope="col">{t('cities.country')}</th>
                <th scope="col">{t('cities.region')}</th>
                <th scope="col" className="num">
                  {t('cities.population')}
                </th>
                <th scope="col">{t('cities.timeZone')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((city) => {
                const local = localEntry(city.name);
                return (
                  <tr key={city.id}>
                    <th scope="row">
                      <Link to={`/cities/${String(city.id)}`}>{pick(city.name)}</Link>
                    </th>
                    <td lang={local?.tag}>{local?.text ?? '—'}</td>
                    <td>{city.country}</td>
                    <td>{city.region ?? '—'}</td>
                    <td className="num">{city.population != null ? number.format(city.population) : '—'}</td>
                    <td>{city.time_zone}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
