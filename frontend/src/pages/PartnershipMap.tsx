import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useNetwork } from '../api/partnerships';
import { useCities, useEvent } from '../api/queries';
import type { Edge, NetworkNode, NetworkQuery } from '../api/types';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { WorldMap } from '../components/WorldMap';
import { useI18n, type I18n } from '../i18n/context';
import { bestCentralMeridian } from '../lib/mapProjection';
import {
  COOPERATION_FIELDS,
  countryName,
  formatDate,
  joinList,
  isCooperationField,
  isCountryCode,
  isPartnershipKind,
  isPartnershipStatus,
  PARTNERSHIP_KINDS,
  PARTNERSHIP_STATUSES,
} from '../lib/partnerships';
import { useUrlFilter } from '../components/useUrlFilter';

type FilterName = 'kind' | 'status' | 'field' | 'country';

/** "7 cities" and "1 partnership", for the count line and the map's label. */
function counts(t: I18n['t'], cities: number, partnerships: number) {
  return {
    cities: cities === 1 ? t('count.citiesOne') : t('count.cities', { count: cities }),
    partnerships: partnerships === 1 ? t('count.partnershipsOne') : t('count.partnerships', { count: partnerships }),
  };
}

/** The map's filters as the URL holds them (so a view can be shared), checked against the spec's enums. */
function useNetworkFilters() {
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind');
  const status = params.get('status');
  const field = params.get('field');
  const country = params.get('country');
  const query: NetworkQuery = {
    ...(isPartnershipKind(kind) ? { kind } : {}),
    ...(isPartnershipStatus(status) ? { status } : {}),
    ...(isCooperationField(field) ? { field } : {}),
    ...(isCountryCode(country) ? { country } : {}),
  };
  const setUrlFilter = useUrlFilter();
  const setFilter = (name: FilterName, value: string) => {
    setUrlFilter(name, value);
  };
  return { query, setFilter, clear: () => { setParams({}, { replace: true }); } };
}

/** The public partnership map: cities, partnerships as arcs, filters, a legend and a list. */
export function PartnershipMap() {
  const { t, pick, locale } = useI18n();
  const { query, setFilter, clear } = useNetworkFilters();
  const network = useNetwork(query);
  // The unfiltered network decides where the map is centred, so filtering does not turn it.
  const everything = useNetwork({});
  const cities = useCities();
  const event = useEvent();

  const host = event.data ? cities.data?.get(event.data.host_city_id) : undefined;
  const centre = useMemo(() => {
    const nodes = new Map((everything.data?.nodes ?? []).map((node) => [node.id, node]));
    const arcs = (everything.data?.edges ?? []).flatMap((edge) => {
      const a = nodes.get(edge.source);
      const b = nodes.get(edge.target);
      return a && b ? [[[a.longitude, a.latitude], [b.longitude, b.latitude]] as const] : [];
    });
    return bestCentralMeridian(arcs, host?.longitude ?? 0);
  }, [everything.data, host?.longitude]);

  const countries = useMemo(() => {
    const codes = new Set([...(cities.data?.values() ?? [])].map((city) => city.country));
    const collator = new Intl.Collator(locale);
    return [...codes]
      .map((code) => ({ code, name: countryName(code, locale) }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [cities.data, locale]);

  const filtered = Object.keys(query).length > 0;
  const data = network.data;
  const nodes = data?.nodes ?? [];
  const edges = data?.edges ?? [];

  return (
    <div className="page wide partnership-map">
      <div className="page-head">
        <div>
          <h1>{t('map.title')}</h1>
          <p className="lead">{t('map.intro')}</p>
        </div>
        <Link className="button button-secondary" to="/partnerships/path">
          {t('map.pathFinder')}
        </Link>
      </div>

      <form
        className="filters map-filters"
        aria-label={t('map.filters')}
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label>
          <span>{t('map.kind')}</span>
          <select value={query.kind ?? ''} onChange={(e) => { setFilter('kind', e.target.value); }}>
            <option value="">{t('map.any')}</option>
            {PARTNERSHIP_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`partnershipKind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('map.status')}</span>
          <select value={query.status ?? ''} onChange={(e) => { setFilter('status', e.target.value); }}>
            <option value="">{t('map.any')}</option>
            {PARTNERSHIP_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`partnershipStatus.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('map.field')}</span>
          <select value={query.field ?? ''} onChange={(e) => { setFilter('field', e.target.value); }}>
            <option value="">{t('map.any')}</option>
            {COOPERATION_FIELDS.map((field) => (
              <option key={field} value={field}>
                {t(`field.${field}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('map.country')}</span>
          <select value={query.country ?? ''} onChange={(e) => { setFilter('country', e.target.value); }}>
            <option value="">{t('map.any')}</option>
            {countries.map(({ code, name }) => (
              <option key={code} value={code}>
                {name}
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

      {network.isPending ? <Loading /> : null}
      {network.isError ? <ErrorMessage error={network.error} onRetry={() => void network.refetch()} /> : null}
      {data ? (
        <>
          <p className="muted" role="status">
            {t('map.count', counts(t, nodes.length, edges.length))}
          </p>
          <figure className="map-figure card" aria-busy={network.isFetching}>
            <WorldMap
              nodes={nodes}
              edges={edges}
              centralMeridian={centre}
              label={t('map.label', counts(t, nodes.length, edges.length))}
            />
            <Legend />
          </figure>
          {edges.length === 0 ? (
            <Empty message={filtered ? t('map.noMatch') : undefined} />
          ) : (
            <EdgeList nodes={nodes} edges={edges} pick={pick} locale={locale} />
          )}
        </>
      ) : null}
    </div>
  );
}

/** Which colour is which kind, and which line is which status. */
function Legend() {
  const { t } = useI18n();
  const sample = (className: string) => (
    <svg className="legend-line" viewBox="0 0 40 10" aria-hidden="true">
      <path className={className} d="M2 5H38" />
    </svg>
  );
  return (
    <figcaption className="map-legend">
      <h2 className="visually-hidden">{t('map.legend')}</h2>
      <div>
        <h3>{t('map.legendKind')}</h3>
        <ul>
          {PARTNERSHIP_KINDS.map((kind) => (
            <li key={kind}>
              {sample(`arc kind-${kind} status-active`)}
              {t(`partnershipKind.${kind}`)}
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3>{t('map.legendStatus')}</h3>
        <ul>
          {PARTNERSHIP_STATUSES.map((status) => (
            <li key={status}>
              {sample(`arc kind-neutral status-${status}`)}
              {t(`partnershipStatus.${status}`)}
            </li>
          ))}
        </ul>
      </div>
    </figcaption>
  );
}

/** The map's partnerships as a table: the same facts for keyboards, screen readers and phones. */
function EdgeList({
  nodes,
  edges,
  pick,
  locale,
}: {
  nodes: readonly NetworkNode[];
  edges: readonly Edge[];
  pick: (map: NetworkNode['name']) => string;
  locale: string;
}) {
  const { t } = useI18n();
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const collator = new Intl.Collator(locale);
  const name = (id: number) => {
    const node = byId.get(id);
    return node ? pick(node.name) : `#${String(id)}`;
  };
  const rows = [...edges].sort(
    (a, b) => collator.compare(name(a.source), name(b.source)) || collator.compare(name(a.target), name(b.target)),
  );
  const illustrative = rows.some((edge) => edge.illustrative);
  return (
    <section aria-labelledby="edge-list-heading" className="edge-list">
      <h2 id="edge-list-heading">{t('map.list')}</h2>
      <div className="table-wrap">
        <table className="table stack-table">
          <thead>
            <tr>
              <th scope="col">{t('map.pair')}</th>
              <th scope="col">{t('map.kind')}</th>
              <th scope="col">{t('map.status')}</th>
              <th scope="col">{t('map.since')}</th>
              <th scope="col">{t('map.fields')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((edge) => (
              <tr key={edge.id}>
                <th scope="row">
                  <Link to={`/cities/${String(edge.source)}`}>{name(edge.source)}</Link>
                  {' – '}
                  <Link to={`/cities/${String(edge.target)}`}>{name(edge.target)}</Link>
                  {edge.illustrative ? <span className="chip chip-example">{t('map.illustrative')}</span> : null}
                </th>
                <td data-label={t('map.kind')}>
                  <span className={`kind-swatch kind-${edge.kind}`} aria-hidden="true" />
                  {t(`partnershipKind.${edge.kind}`)}
                </td>
                <td data-label={t('map.status')}>
                  <span className={`pstatus pstatus-${edge.status}`}>{t(`partnershipStatus.${edge.status}`)}</span>
                </td>
                <td data-label={t('map.since')}>{edge.established_on ? formatDate(edge.established_on, locale) : '—'}</td>
                <td data-label={t('map.fields')}>
                  {edge.fields.length > 0 ? joinList(edge.fields.map((field) => t(`field.${field}`)), locale) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {illustrative ? <p className="muted small">{t('map.illustrativeNote')}</p> : null}
    </section>
  );
}
