import { useMemo, useState, type SubmitEvent } from 'react';
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
import { DataTable } from '../../components/DataTable';
import { CheckboxGroup, CreatePanel, Field, FormFooter } from '../../components/FormParts';
import { useI18n } from '../../i18n/context';
import { formErrors } from '../../lib/fieldErrors';
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
  const page = query.page ?? 1;
  const total = list.data?.total ?? 0;

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
          {total > 0 ? <span className="muted">{total === 1 ? t('adminP.countOne') : t('adminP.count', { count: total })}</span> : null}
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

        <DataTable
          query={list}
          items={list.data?.items}
          caption={t('adminP.list')}
          className="partnerships-table"
          columns={[
            t('adminP.pair'),
            t('adminP.kind'),
            t('adminP.status'),
            t('adminP.established'),
            <span key="open" className="visually-hidden">
              {t('adminP.open')}
            </span>,
          ]}
          row={(p) => {
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
                <td data-label={t('adminP.established')}>{p.established_on ? formatDate(p.established_on, locale) : '—'}</td>
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
          }}
          paging={{
            page,
            total,
            perPage: PER_PAGE,
            onPage: (next) => {
              setFilter({ page: String(next) });
            },
          }}
        />
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
  const [open, setOpen] = useState(false);

  const error = create.error;
  const { errorFor, others } = formErrors(error, [
    'city_a_id',
    'city_b_id',
    'kind',
    'status',
    'established_on',
    'fields',
    'notes',
    'source_url',
    'illustrative',
  ]);
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

  return (
    <section aria-labelledby="create-heading" className="create-partnership">
      <CreatePanel id="create-heading" title={t('adminP.create')} open={open || created !== null} onOpenChange={setOpen} failed={Boolean(error)}>
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
            <Field id="np-kind" label={t('adminP.kind')} error={errorFor('kind')}>
              {(props) => (
                <select
                  {...props}
                  value={draft.kind}
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
              )}
            </Field>
            <Field id="np-status" label={t('adminP.status')} error={errorFor('status')} hint={t('adminP.statusHint')}>
              {(props) => (
                <select
                  {...props}
                  value={draft.status}
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
              )}
            </Field>
          </div>
          <div className="grid-2">
            <Field id="np-established" label={t('adminP.establishedOn')} error={errorFor('established_on')}>
              {(props) => (
                <input
                  {...props}
                  type="date"
                  value={draft.establishedOn}
                  onChange={(e) => {
                    update({ establishedOn: e.target.value });
                  }}
                />
              )}
            </Field>
            <Field id="np-source" label={t('adminP.sourceUrl')} error={errorFor('source_url')}>
              {(props) => (
                <input
                  {...props}
                  type="url"
                  inputMode="url"
                  placeholder="https://"
                  value={draft.sourceUrl}
                  onChange={(e) => {
                    update({ sourceUrl: e.target.value });
                  }}
                />
              )}
            </Field>
          </div>
          <CheckboxGroup
            id="np-fields"
            legend={t('adminP.fields')}
            options={COOPERATION_FIELDS}
            value={draft.fields}
            error={errorFor('fields')}
            label={(f) => <span>{t(`field.${f}`)}</span>}
            onChange={(fields) => {
              update({ fields });
            }}
          />
          <Field id="np-notes" label={t('adminP.notes')} error={errorFor('notes')}>
            {(props) => (
              <textarea
                {...props}
                rows={3}
                maxLength={2000}
                value={draft.notes}
                onChange={(e) => {
                  update({ notes: e.target.value });
                }}
              />
            )}
          </Field>
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

          <FormFooter
            error={typeof existingId === 'number' ? null : error}
            others={others}
            pending={create.isPending}
            submit={t('adminP.submit')}
            submitting={t('adminP.submitting')}
          >
            {typeof existingId === 'number' ? (
              <div className="state state-error" role="alert">
                <p>
                  <strong>{t('adminP.exists')}</strong>{' '}
                  <Link to={`/admin/partnerships/${String(existingId)}`}>{t('adminP.openExisting')}</Link>
                </p>
              </div>
            ) : null}
            {created ? (
              <p className="flash flash-ok" role="status">
                {t('adminP.created', { pair: `${pick(created.city_a.name)} – ${pick(created.city_b.name)}` })}{' '}
                <Link to={`/admin/partnerships/${String(created.id)}`}>{t('adminP.open')}</Link>
              </p>
            ) : null}
          </FormFooter>
        </form>
      </CreatePanel>
    </section>
  );
}
