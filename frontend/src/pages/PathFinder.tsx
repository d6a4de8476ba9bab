import { Fragment, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { usePath } from '../api/partnerships';
import { ApiError } from '../api/problem';
import { useCities } from '../api/queries';
import type { City, PartnershipPath } from '../api/types';
import { CityPicker } from '../components/CityPicker';
import { ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { formatDate } from '../lib/partnerships';

function cityParam(value: string | null): number | null {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** How two cities are connected: the shortest chain of active partnerships between them. */
export function PathFinder() {
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const from = cityParam(params.get('from'));
  const to = cityParam(params.get('to'));
  const cities = useCities();
  const list = useMemo(() => [...(cities.data?.values() ?? [])], [cities.data]);
  const same = from !== null && from === to;
  const path = usePath(same ? null : from, same ? null : to);

  const set = (changes: Partial<Record<'from' | 'to', number | null>>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, String(value));
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  const nameOf = (id: number | null) => {
    const city = id !== null ? cities.data?.get(id) : undefined;
    return city ? pick(city.name) : id !== null ? `#${String(id)}` : '';
  };

  return (
    <div className="page narrow path-finder">
      <h1>{t('path.title')}</h1>
      <p className="lead">{t('path.intro')}</p>
      {cities.isPending ? <Loading /> : null}
      {cities.isError ? <ErrorMessage error={cities.error} onRetry={() => void cities.refetch()} /> : null}
      {cities.data ? (
        <form
          className="card path-form"
          aria-label={t('path.title')}
          onSubmit={(e) => {
            e.preventDefault();
          }}
        >
          <CityPicker
            id="path-from"
            label={t('path.from')}
            cities={list}
            value={from}
            onChange={(id) => {
              set({ from: id });
            }}
          />
          <button
            type="button"
            className="button button-secondary button-small path-swap"
            disabled={from === null && to === null}
            onClick={() => {
              set({ from: to, to: from });
            }}
          >
            <span aria-hidden="true">⇅</span> {t('path.swap')}
          </button>
          <CityPicker
            id="path-to"
            label={t('path.to')}
            cities={list}
            value={to}
            onChange={(id) => {
              set({ to: id });
            }}
          />
        </form>
      ) : null}

      <div className="path-result" aria-live="polite">
        {from === null || to === null ? <p className="muted">{t('path.choose')}</p> : null}
        {same ? <p className="state state-error">{t('path.same')}</p> : null}
        {!same && from !== null && to !== null && path.isFetching && !path.data ? <Loading /> : null}
        {path.isError ? (
          path.error instanceof ApiError && path.error.status === 404 ? (
            <div className="state state-empty path-none" role="status">
              <p>
                <strong>{t('path.none', { from: nameOf(from), to: nameOf(to) })}</strong>
              </p>
              {path.error.problem?.detail ? <p className="muted small">{path.error.problem.detail}</p> : null}
            </div>
          ) : (
            <ErrorMessage error={path.error} onRetry={() => void path.refetch()} />
          )
        ) : null}
        {path.data && !same ? <Chain path={path.data} cities={cities.data} /> : null}
      </div>
    </div>
  );
}

function Chain({ path, cities }: { path: PartnershipPath; cities: ReadonlyMap<number, City> | undefined }) {
  const { t, pick, locale } = useI18n();
  const first = path.cities[0];
  const last = path.cities.at(-1);
  const name = (id: number, fallback?: { name: City['name'] }) => {
    const city = cities?.get(id) ?? fallback;
    return city ? pick(city.name) : `#${String(id)}`;
  };
  const summary =
    path.hops === 1
      ? t('path.foundOne', { from: first ? pick(first.name) : '', to: last ? pick(last.name) : '' })
      : t('path.found', { count: path.hops, from: first ? pick(first.name) : '', to: last ? pick(last.name) : '' });
  return (
    <section aria-labelledby="chain-heading" className="chain">
      <p className="state state-ok" role="status">
        {summary}
      </p>
      <h2 id="chain-heading">{t('path.chain')}</h2>
      <ol className="chain-list">
        {path.cities.map((city, index) => {
          const edge = path.partnerships[index];
          return (
            <Fragment key={`${String(city.id)}-${String(index)}`}>
              <li className="chain-city">
                <Link to={`/cities/${String(city.id)}`}>{name(city.id, city)}</Link>
                <span className="muted"> · {city.country}</span>
              </li>
              {edge ? (
                <li className={`chain-edge kind-${edge.kind}`}>
                  <span className={`kind-swatch kind-${edge.kind}`} aria-hidden="true" />
                  {edge.established_on
                    ? t('path.step', {
                        kind: t(`partnershipKind.${edge.kind}`),
                        date: formatDate(edge.established_on, locale),
                      })
                    : t('path.stepUnknown', { kind: t(`partnershipKind.${edge.kind}`) })}
                </li>
              ) : null}
            </Fragment>
          );
        })}
      </ol>
    </section>
  );
}
