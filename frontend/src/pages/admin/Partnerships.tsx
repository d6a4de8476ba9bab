import { useMemo, useState, type ReactNode, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { usePartnershipActions, usePartnershipList } from '../../api/partnerships';
import { ApiError } from '../../api/problem';
import { useCities } from '../../api/queries';
import type {
  City,
  CooperationField,
  CreatePartnership,
  Partnership,
  PartnershipKind,
  PartnershipListQuery,
  PartnershipStatus,
} from '../../api/types';
import { CityPicker } from '../../components/CityPicker';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import {
  COOPERATION_FIELDS,
  formatDate,
  isPartnershipKind,
  isPartnershipStatus,
  PARTNERSHIP_KINDS,
  PARTNERSHIP_STATUSES,
} from '../../lib/partnerships';

const PER_PAGE = 25;

/** The list's filters as the URL holds them. */
function useListFilters() {
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind');
  const status = params.get('status');
  const city = Number(params.get('city'));
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: PartnershipListQuery = {
    page,
    per_page: PER_PAGE,
    sort: '-updated_at,id',
    ...(isPartnershipKind(kind) ? { kind } : {}),
    ...(isPartnershipStatus(status) ? { status } : {}),
    ...(Number.isSafeInteger(city) && city > 0 ? { city_id: city } : {}),
    ...(params.get('q') ? { q: params.get('q') ?? '' } : {}),
  };
  const setFilter = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  return { query, setFilter };
}

/** The back office's partnership registry: a filtered list and the form to record one. */
export function Partnerships() {
  const { t, pick, locale } = useI18n();
  const { query, setFilter } = useListFilters();
  const list = usePartnershipList(query);
  const cities = useCities();
  const cityList = useMemo(() => [...(cities.data?.values() ?? [])], [cities.data]);
  const collator = new Intl.Collator(locale);
  const sortedCities = [...cityList].sort((a, b) => collator.compare(pick(a.name), pick(b.name)));
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PER_PAGE)) : 1;
  const page = query.page ?? 1;

  const onFilterSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = (name: string) => {
      const v = data.get(name);
      return typeof v === 'string' ? v.trim() : '';
    };
    setFilter({ kind: value('kind'), status: value('status'), city: value('city'), q: value('q') });
  };

  return (
    <div className="page wide">
      <h1>{t('adminP.title')}</h1>
      <p className="lead">{t('adminP.intro')}</p>

      <CreateForm cities={cityList} />

      <section aria-labelledby="plist-heading">
        <div className="card-head">
          <h2 id="plist-heading">{t('adminP.list')}</h2>
          {list.data ? <span className="muted">{t('adminP.count', { count: list.data.total })}</span> : null}
        </div>
        <form className="filters" onSubmit={onFilterSubmit} aria-label={t('adminP.filters')}>
          <div className="field">
            <label htmlFor="pf-kind">{t('adminP.kind')}</label>
            <select id="pf-kind" name="kind" defaultValue={query.kind ?? ''} key={`k${query.kind ?? ''}`}>
              <option value="">{t('adminP.any')}</option>
              {PARTNERSHIP_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`partnershipKind.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="pf-status">{t('adminP.status')}</label>
            <select id="pf-status" name="status" defaultValue={query.status ?? ''} key={`s${query.status ?? ''}`}>
              <option value="">{t('adminP.any')}</option>
              {PARTNERSHIP_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`partnershipStatus.${status}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="pf-city">{t('adminP.city')}</label>
            <select
              id="pf-city"
              name="city"
              defaultValue={query.city_id ? String(query.city_id) : ''}
              key={`c${String(query.city_id ?? '')}${String(sortedCities.length)}`}
            >
              <option value="">{t('adminP.any')}</option>
              {sortedCities.map((c) => (
                <option key={c.id} value={c.id}>
                  {pick(c.name)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="pf-q">{t('adminP.q')}</label>
            <input id="pf-q" name="q" type="search" defaultValue={query.q ?? ''} key={`q${query.q ?? ''}`} />
          </div>
          <div className="filter-buttons">
            <button type="submit" className="button">
              {t('adminP.apply')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setFilter({ kind: '', status: '', city: '', q: '' });
              }}
            >
              {t('adminP.clear')}
            </button>
          </div>
        </form>

        {list.isPending ? <Loading /> : null}
        {list.isError ? <ErrorMessage error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.data && items.length === 0 ? <Empty /> : null}
        {items.length > 0 ? (
          <div className="table-wrap">
            <table className="table partnerships-table stack-table" aria-busy={list.isFetching}>
              <caption className="visually-hidden">{t('adminP.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('adminP.pair')}</th>
                  <th scope="col">{t('adminP.kind')}</th>
                  <th scope="col">{t('adminP.status')}</th>
                  <th scope="col">{t('adminP.established')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('adminP.open')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => {
                  const pair = `${pick(p.city_a.name)} – ${pick(p.city_b.name)}`;
                  return (
                    <tr key={p.id}>
                      <th scope="row">
                        <Link to={`/admin/partnerships/${String(p.id)}`}>{pair}</Link>
                        {p.illustrative ? <span className="chip chip-example">{t('map.illustrative')}</span> : null}
                      </th>
                      <td data-label={t('adminP.kind')}>{t(`partnershipKind.${p.kind}`)}</td>
                      <td data-label={t('adminP.status')}>
                        <span className={`pstatus pstatus-${p.status}`}>{t(`partnershipStatus.${p.status}`)}</span>
                      </td>
                      <td data-label={t('adminP.established')}>
                        {p.established_on ? formatDate(p.established_on, locale) : '—'}
                      </td>
                      <td>
                        <Link
                          className="button button-secondary button-small"
                          to={`/admin/partnerships/${String(p.id)}`}
                          aria-label={t('adminP.openPair', { pair })}
                        >
                          {t('adminP.open')}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}

        {list.data && pages > 1 ? (
          <nav className="pager" aria-label={t('acc.pageOf', { page, pages })}>
            <button
              type="button"
              className="button button-secondary"
              disabled={page <= 1}
              onClick={() => {
                setFilter({ page: String(page - 1) });
              }}
            >
              ← {t('acc.prev')}
            </button>
            <span>{t('acc.pageOf', { page, pages })}</span>
            <button
              type="button"
              className="button button-secondary"
              disabled={page >= pages}
              onClick={() => {
                setFilter({ page: String(page + 1) });
              }}
            >
              {t('acc.next')} →
            </button>
          </nav>
        ) : null}
      </section>
    </div>
  );
}

interface Draft {
  cityA: number | null;
  cityB: number | null;
  kind: PartnershipKind;
  status: PartnershipStatus;
  establishedOn: string;
  fields: CooperationField[];
  notes: string;
  sourceUrl: string;
  illustrative: boolean;
}

const EMPTY: Draft = {
  cityA: null,
  cityB: null,
  kind: 'sister_city',
  status: 'proposed',
  establishedOn: '',
  fields: [],
  notes: '',
  sourceUrl: '',
  illustrative: false,
};

/** The body to send: optional texts left out when blank (the API refuses blank strings). */
function toCreate(draft: Draft): CreatePartnership {
  return {
    city_a_id: draft.cityA ?? 0,
    city_b_id: draft.cityB ?? 0,
    kind: draft.kind,
    status: draft.status,
    fields: draft.fields,
    illustrative: draft.illustrative,
    ...(draft.establishedOn ? { established_on: draft.establishedOn } : {}),
    ...(draft.notes.trim() ? { notes: draft.notes.trim() } : {}),
    ...(draft.sourceUrl.trim() ? { source_url: draft.sourceUrl.trim() } : {}),
  };
}

/** Records a partnership; 422s are shown per field, a 409 links to the partnership that exists. */
function CreateForm({ cities }: { cities: readonly City[] }) {
  const { t, pick } = useI18n();
  const { create } = usePartnershipActions();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [missingCities, setMissingCities] = useState(false);
  const [created, setCreated] = useState<Partnership | null>(null);

  const error = create.error;
  const fieldErrors = error instanceof ApiError && error.status === 422 ? error.fieldErrors : new Map<string, string>();
  const errorFor = (name: string): string | undefined => {
    for (const [field, message] of fieldErrors) {
      if (field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`)) return message;
    }
    return undefined;
  };
  const known = ['city_a_id', 'city_b_id', 'kind', 'status', 'established_on', 'fields', 'notes', 'source_url', 'illustrative'];
  const otherErrors = [...fieldErrors].filter(([field]) => !known.some((k) => field === k || field.startsWith(`${k}.`) || field.startsWith(`${k}[`)));
  const existingId = error instanceof ApiError && error.status === 409 ? error.problem?.existing_id : undefined;
  const update = (changes: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...changes }));
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCreated(null);
    if (draft.cityA === null || draft.cityB === null) {
      setMissingCities(true);
      return;
    }
    setMissingCities(false);
    create.mutate(toCreate(draft), {
      onSuccess: (partnership) => {
        setCreated(partnership);
        setDraft(EMPTY);
      },
    });
  };

  const field = (id: string, name: string, label: string, input: (describedBy: string | undefined) => ReactNode, hint?: string) => {
    const message = errorFor(name);
    const describedBy = [message ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className={message ? 'field field-invalid' : 'field'}>
        <label htmlFor={id}>{label}</label>
        {input(describedBy)}
        {hint ? (
          <span className="hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
        {message ? (
          <span className="field-error" id={`${id}-error`}>
            {message}
          </span>
        ) : null}
      </div>
    );
  };

  return (
    <section aria-labelledby="create-heading" className="create-partnership">
      <details className="card" open={Boolean(error) || created !== null || undefined}>
        <summary>
          <h2 id="create-heading">{t('adminP.create')}</h2>
        </summary>
        <form className="form" onSubmit={onSubmit} noValidate>
          <div className="grid-2">
            <CityPicker
              id="np-city-a"
              label={t('adminP.cityA')}
              cities={cities}
              value={draft.cityA}
              onChange={(id) => {
                update({ cityA: id });
              }}
              error={errorFor('city_a_id') ?? (missingCities && draft.cityA === null ? t('adminP.chooseCities') : undefined)}
            />
            <CityPicker
              id="np-city-b"
              label={t('adminP.cityB')}
              cities={cities}
              value={draft.cityB}
              onChange={(id) => {
                update({ cityB: id });
              }}
              error={errorFor('city_b_id') ?? (missingCities && draft.cityB === null ? t('adminP.chooseCities') : undefined)}
            />
          </div>
          <div className="grid-2">
            {field('np-kind', 'kind', t('adminP.kind'), (describedBy) => (
              <select
                id="np-kind"
                value={draft.kind}
                aria-describedby={describedBy}
                onChange={(e) => {
                  if (isPartnershipKind(e.target.value)) update({ kind: e.target.value });
                }}
              >
                {PARTNERSHIP_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`partnershipKind.${kind}`)}
                  </option>
                ))}
              </select>
            ))}
            {field(
              'np-status',
              'status',
              t('adminP.status'),
              (describedBy) => (
                <select
                  id="np-status"
                  value={draft.status}
                  aria-describedby={describedBy}
                  onChange={(e) => {
                    if (isPartnershipStatus(e.target.value)) update({ status: e.target.value });
                  }}
                >
                  {PARTNERSHIP_STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {t(`partnershipStatus.${status}`)}
                    </option>
                  ))}
                </select>
              ),
              t('adminP.statusHint'),
            )}
          </div>
          <div className="grid-2">
            {field('np-established', 'established_on', t('adminP.establishedOn'), (describedBy) => (
              <input
                id="np-established"
                type="date"
                value={draft.establishedOn}
                aria-invalid={errorFor('established_on') ? true : undefined}
                aria-describedby={describedBy}
                onChange={(e) => {
                  update({ establishedOn: e.target.value });
                }}
              />
            ))}
            {field('np-source', 'source_url', t('adminP.sourceUrl'), (describedBy) => (
              <input
                id="np-source"
                type="url"
                inputMode="url"
                placeholder="https://"
                value={draft.sourceUrl}
                aria-invalid={errorFor('source_url') ? true : undefined}
                aria-describedby={describedBy}
                onChange={(e) => {
                  update({ sourceUrl: e.target.value });
                }}
              />
            ))}
          </div>
          <fieldset className={errorFor('fields') ? 'field-invalid' : undefined}>
            <legend>{t('adminP.fields')}</legend>
            <div className="checkbox-grid">
              {COOPERATION_FIELDS.map((f) => (
                <label key={f} className="checkbox-field">
                  <input
                    type="checkbox"
                    checked={draft.fields.includes(f)}
                    onChange={(e) => {
                      update({
                        fields: e.target.checked
                          ? COOPERATION_FIELDS.filter((x) => x === f || draft.fields.includes(x))
                          : draft.fields.filter((x) => x !== f),
                      });
                    }}
                  />
                  <span>{t(`field.${f}`)}</span>
                </label>
              ))}
            </div>
            {errorFor('fields') ? <span className="field-error">{errorFor('fields')}</span> : null}
          </fieldset>
          {field('np-notes', 'notes', t('adminP.notes'), (describedBy) => (
            <textarea
              id="np-notes"
              rows={3}
              maxLength={2000}
              value={draft.notes}
              aria-invalid={errorFor('notes') ? true : undefined}
              aria-describedby={describedBy}
              onChange={(e) => {
                update({ notes: e.target.value });
              }}
            />
          ))}
          <label className="checkbox-field">
            <input
              type="checkbox"
              checked={draft.illustrative}
              onChange={(e) => {
                update({ illustrative: e.target.checked });
              }}
            />
            <span>{t('adminP.illustrative')}</span>
          </label>

          <div className="form-footer" aria-live="polite">
            {typeof existingId === 'number' ? (
              <div className="state state-error" role="alert">
                <p>
                  <strong>{t('adminP.exists')}</strong>{' '}
                  <Link to={`/admin/partnerships/${String(existingId)}`}>{t('adminP.openExisting')}</Link>
                </p>
              </div>
            ) : null}
            {error && !(error instanceof ApiError && (error.status === 422 || error.status === 409)) ? (
              <ErrorMessage error={error} />
            ) : null}
            {error instanceof ApiError && error.status === 409 && typeof existingId !== 'number' ? (
              <ErrorMessage error={error} />
            ) : null}
            {error instanceof ApiError && error.status === 422 ? (
              <div className="state state-error" role="alert">
                <p>
                  <strong>{t('error.422')}</strong>
                </p>
                {otherErrors.length > 0 ? (
                  <ul>
                    {otherErrors.map(([name, message]) => (
                      <li key={name}>
                        {name}: {message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
            {created ? (
              <p className="flash flash-ok" role="status">
                {t('adminP.created', { pair: `${pick(created.city_a.name)} – ${pick(created.city_b.name)}` })}{' '}
                <Link to={`/admin/partnerships/${String(created.id)}`}>{t('adminP.open')}</Link>
              </p>
            ) : null}
            <button type="submit" className="button" disabled={create.isPending}>
              {create.isPending ? t('adminP.submitting') : t('adminP.submit')}
            </button>
          </div>
        </form>
      </details>
    </section>
  );
}
