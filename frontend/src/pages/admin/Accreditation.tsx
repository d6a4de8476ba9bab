import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/context';
import { useInvitations } from '../../api/people';
import { ApiError, describeError, unwrap } from '../../api/problem';
import { fetchStatusCounts, queryKeys, useCities } from '../../api/queries';
import type { AccreditationAction, AccreditationStatus, Delegate, DelegateListQuery } from '../../api/types';
import { StatusChart } from '../../components/StatusChart';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import {
  ACCREDITATION_ACTIONS,
  ACCREDITATION_STATUSES,
  allowedActions,
  isAccreditationAction,
  isAccreditationStatus,
} from '../../lib/accreditation';
import { runBulk, type BulkOutcome } from '../../lib/bulk';
import { DELEGATE_ROLES, isDelegateRole } from '../../lib/enums';
import { EVENT_SLUG } from '../../lib/event';
import { fullName } from '../../lib/names';

const PER_PAGE = 25;

/** The list's filters as the URL holds them, so that a view can be bookmarked or shared. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const role = params.get('role');
  const city = Number(params.get('city'));
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: DelegateListQuery = {
    page,
    per_page: PER_PAGE,
    sort: 'family_name,given_name',
    ...(isAccreditationStatus(status) ? { accreditation_status: status } : {}),
    ...(isDelegateRole(role) ? { role } : {}),
    ...(Number.isInteger(city) && city > 0 ? { city_id: city } : {}),
    ...(params.get('q') ? { q: params.get('q') ?? '' } : {}),
  };
  return { query, params, setParams };
}

/** The accreditation dashboard: counts per state, a filtered list, single and bulk actions. */
export function Accreditation() {
  const { t, locale, pick } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const { query, params, setParams } = useFilters();
  const cities = useCities();
  const number = new Intl.NumberFormat(locale);

  const counts = useQuery({
    queryKey: queryKeys.statusCounts(EVENT_SLUG),
    queryFn: () => fetchStatusCounts(api, EVENT_SLUG, ACCREDITATION_STATUSES),
  });

  const list = useQuery({
    queryKey: queryKeys.delegateList(EVENT_SLUG, query),
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/events/{event}/delegates', { params: { path: { event: EVENT_SLUG }, query } })),
  });

  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [rowMessages, setRowMessages] = useState<ReadonlyMap<number, { ok: boolean; text: string }>>(new Map());
  const [busyRows, setBusyRows] = useState<ReadonlySet<number>>(new Set());
  const [bulkAction, setBulkAction] = useState<AccreditationAction>('accredit');
  const [bulkProgress, setBulkProgress] = useState<{ done: number; total: number } | null>(null);
  const [bulkResults, setBulkResults] = useState<{ outcomes: BulkOutcome<Delegate>[]; action: AccreditationAction } | null>(
    null,
  );
  // The last single action's outcome: it stays in view even when the row leaves the filter.
  const [announcement, setAnnouncement] = useState<{ ok: boolean; text: string } | null>(null);

  const items = list.data?.items ?? [];
  const byId = new Map(items.map((d) => [d.id, d]));
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PER_PAGE)) : 1;

  const transition = async (id: number, action: AccreditationAction): Promise<Delegate> =>
    unwrap(
      await api.POST('/api/v1/events/{event}/delegates/{id}/accreditation/{action}', {
        params: { path: { event: EVENT_SLUG, id, action } },
      }),
    );

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.delegates(EVENT_SLUG) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.totals(EVENT_SLUG) });
  };

  /** A failed action in plain words; a refused transition says what is possible instead. */
  const errorText = (error: unknown, action?: AccreditationAction): string => {
    if (action && error instanceof ApiError && error.status === 409 && Array.isArray(error.problem?.allowed_transitions)) {
      const allowed = error.allowedTransitions;
      return t('acc.notAllowed', {
        action: t(`action.${action}`),
        actions: allowed.length ? allowed.map((a) => t(`action.${a}`)).join(', ') : t('acc.none'),
      });
    }
    const { key, params: values, detail } = describeError(error);
    return detail ?? t(key, values);
  };

  const onRowAction = (delegate: Delegate, action: AccreditationAction) => {
    setBusyRows((rows) => new Set(rows).add(delegate.id));
    transition(delegate.id, action)
      .then((next) => {
        const text = t('acc.resultOk', {
          from: t(`status.${delegate.accreditation_status}`),
          to: t(`status.${next.accreditation_status}`),
        });
        setRowMessages((m) => new Map(m).set(delegate.id, { ok: true, text }));
        setAnnouncement({ ok: true, text: `${fullName(delegate)}: ${text}` });
      })
      .catch((error: unknown) => {
        const text = errorText(error, action);
        setRowMessages((m) => new Map(m).set(delegate.id, { ok: false, text }));
        setAnnouncement({ ok: false, text: `${fullName(delegate)}: ${text}` });
      })
      .finally(() => {
        setBusyRows((rows) => {
          const next = new Set(rows);
          next.delete(delegate.id);
          return next;
        });
        refresh();
      });
  };

  const { inviteOne } = useInvitations();
  const [inviting, setInviting] = useState<ReadonlySet<number>>(new Set());

  /** Invites one delegate to an account; the row and the announcement say how it went. */
  const onInvite = (delegate: Delegate) => {
    setInviting((rows) => new Set(rows).add(delegate.id));
    const report = (ok: boolean, text: string) => {
      setRowMessages((m) => new Map(m).set(delegate.id, { ok, text }));
      setAnnouncement({ ok, text: `${fullName(delegate)}: ${text}` });
    };
    inviteOne.mutate(delegate.id, {
      onSuccess: () => {
        report(true, t('invites.rowSent', { email: delegate.email ?? '' }));
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) report(false, t('invites.rowHasAccount'));
        else if (error instanceof ApiError && error.status === 422) report(false, t('invites.rowNoEmail'));
        else report(false, errorText(error));
      },
      onSettled: () => {
        setInviting((rows) => {
          const next = new Set(rows);
          next.delete(delegate.id);
          return next;
        });
      },
    });
  };

  const onBulk = () => {
    const ids = [...selected];
    if (ids.length === 0) return;
    setBulkResults(null);
    setBulkProgress({ done: 0, total: ids.length });
    const action = bulkAction;
    void runBulk(
      ids,
      (id) => transition(id, action),
      (done) => {
        setBulkProgress({ done, total: ids.length });
      },
    ).then((outcomes) => {
      setBulkProgress(null);
      setBulkResults({ outcomes, action });
      setSelected(new Set());
      setAnnouncement(null);
      refresh();
    });
  };

  const setFilter = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
    setSelected(new Set());
  };

  const onFilterSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = (name: string) => {
      const v = data.get(name);
      return typeof v === 'string' ? v.trim() : '';
    };
    setFilter({ status: value('status'), role: value('role'), city: value('city'), q: value('q') });
  };

  const allOnPage = items.length > 0 && items.every((d) => selected.has(d.id));
  const toggleAll = () => {
    setSelected(allOnPage ? new Set() : new Set(items.map((d) => d.id)));
  };
  const toggle = (id: number) => {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const collator = new Intl.Collator(locale);
  const sortedCities = [...(cities.data?.values() ?? [])].sort((a, b) => collator.compare(pick(a.name), pick(b.name)));
  const cityName = (id: number) => {
    const city = cities.data?.get(id);
    return city ? pick(city.name) : '…';
  };
  const total = counts.data ? ACCREDITATION_STATUSES.reduce((sum, s) => sum + counts.data[s], 0) : null;

  return (
    <div className="page wide">
      <div className="page-head">
        <h1>{t('acc.title')}</h1>
        <Link
          className="button button-secondary"
          to={query.accreditation_status ? `/admin/invitations?status=${query.accreditation_status}` : '/admin/invitations'}
        >
          {t('invites.title')}
        </Link>
      </div>

      <section className="card" aria-labelledby="chart-heading">
        <div className="card-head">
          <h2 id="chart-heading">{t('acc.chart')}</h2>
          {total !== null ? <span className="muted">{t('acc.total', { count: number.format(total) })}</span> : null}
        </div>
        {counts.isPending ? <Loading /> : null}
        {counts.isError ? <ErrorMessage error={counts.error} onRetry={() => void counts.refetch()} /> : null}
        {counts.data ? (
          <StatusChart counts={ACCREDITATION_STATUSES.map((status) => ({ status, count: counts.data[status] }))} />
        ) : null}
      </section>

      <section aria-labelledby="list-heading">
        <h2 id="list-heading">{t('acc.list')}</h2>
        <form className="filters" onSubmit={onFilterSubmit} aria-label={t('acc.filters')}>
          <div className="field">
            <label htmlFor="f-status">{t('acc.status')}</label>
            <select id="f-status" name="status" defaultValue={query.accreditation_status ?? ''} key={`s${query.accreditation_status ?? ''}`}>
              <option value="">{t('acc.any')}</option>
              {ACCREDITATION_STATUSES.map((s: AccreditationStatus) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                  {counts.data ? ` (${String(counts.data[s])})` : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-role">{t('acc.role')}</label>
            <select id="f-role" name="role" defaultValue={query.role ?? ''} key={`r${query.role ?? ''}`}>
              <option value="">{t('acc.any')}</option>
              {DELEGATE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`delegateRole.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-city">{t('acc.city')}</label>
            <select
              id="f-city"
              name="city"
              defaultValue={query.city_id ? String(query.city_id) : ''}
              key={`c${String(query.city_id ?? '')}${String(sortedCities.length)}`}
            >
              <option value="">{t('acc.any')}</option>
              {sortedCities.map((c) => (
                <option key={c.id} value={c.id}>
                  {cityName(c.id)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-q">{t('acc.search')}</label>
            <input id="f-q" name="q" type="search" defaultValue={query.q ?? ''} key={`q${query.q ?? ''}`} />
          </div>
          <div className="filter-buttons">
            <button type="submit" className="button">
              {t('acc.apply')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setFilter({ status: '', role: '', city: '', q: '' });
              }}
            >
              {t('acc.clear')}
            </button>
          </div>
        </form>

        <div className="bulk-bar" aria-label={t('acc.bulk')} role="group">
          <span className="muted">{t('acc.selected', { count: selected.size })}</span>
          <label htmlFor="bulk-action" className="visually-hidden">
            {t('acc.bulkAction')}
          </label>
          <select
            id="bulk-action"
            value={bulkAction}
            onChange={(e) => {
              if (isAccreditationAction(e.target.value)) setBulkAction(e.target.value);
            }}
          >
            {ACCREDITATION_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`action.${a}`)}
              </option>
            ))}
          </select>
          <button type="button" className="button" disabled={selected.size === 0 || bulkProgress !== null} onClick={onBulk}>
            {t('acc.bulkApply')}
          </button>
          {bulkProgress ? (
            <span role="status">
              {t('acc.bulkRunning', { done: bulkProgress.done, total: bulkProgress.total })}
            </span>
          ) : null}
        </div>

        <div role="status" aria-live="polite">
          {announcement ? (
            <p className={announcement.ok ? 'flash flash-ok' : 'flash flash-fail'}>{announcement.text}</p>
          ) : null}
        </div>

        {bulkResults ? (
          <BulkResults
            outcomes={bulkResults.outcomes}
            action={bulkResults.action}
            nameOf={(id) => {
              const d = byId.get(id);
              return d ? fullName(d) : `#${String(id)}`;
            }}
            errorText={errorText}
            onClose={() => {
              setBulkResults(null);
            }}
          />
        ) : null}

        {list.isPending ? <Loading /> : null}
        {list.isError ? <ErrorMessage error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.data && items.length === 0 ? <Empty /> : null}
        {items.length > 0 ? (
          <div className="table-wrap">
            <table className="table delegates-table" aria-busy={list.isFetching}>
              <caption className="visually-hidden">{t('acc.list')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="check">
                    <input
                      type="checkbox"
                      checked={allOnPage}
                      onChange={toggleAll}
                      aria-label={t('acc.selectAll')}
                    />
                  </th>
                  <th scope="col">{t('acc.name')}</th>
                  <th scope="col">{t('acc.city')}</th>
                  <th scope="col">{t('acc.role')}</th>
                  <th scope="col">{t('acc.status')}</th>
                  <th scope="col">{t('acc.badge')}</th>
                  <th scope="col">{t('acc.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => {
                  const name = fullName(d);
                  const message = rowMessages.get(d.id);
                  const actions = allowedActions(d.accreditation_status);
                  return (
                    <tr key={d.id} className={selected.has(d.id) ? 'selected' : undefined}>
                      <td className="check">
                        <input
                          type="checkbox"
                          checked={selected.has(d.id)}
                          onChange={() => {
                            toggle(d.id);
                          }}
                          aria-label={t('acc.select', { name })}
                        />
                      </td>
                      <th scope="row">
                        <span className="cell-name">{name}</span>
                        {d.title ? <span className="cell-sub">{d.title}</span> : null}
                      </th>
                      <td data-label={t('acc.city')}>{cityName(d.city_id)}</td>
                      <td data-label={t('acc.role')}>{t(`delegateRole.${d.role}`)}</td>
                      <td data-label={t('acc.status')}>
                        <span className={`badge badge-${d.accreditation_status}`}>{t(`status.${d.accreditation_status}`)}</span>
                      </td>
                      <td data-label={t('acc.badge')} className="mono badge-code">
                        {d.badge_code}
                      </td>
                      <td className="actions-cell">
                        <div className="row-actions">
                          {actions.length === 0 ? <span className="muted">{t('acc.noActions')}</span> : null}
                          {actions.map((a) => (
                            <button
                              key={a}
                              type="button"
                              className={`button button-small action-${a}`}
                              disabled={busyRows.has(d.id)}
                              aria-label={`${t(`action.${a}`)}: ${name}`}
                              onClick={() => {
                                onRowAction(d, a);
                              }}
                            >
                              {t(`action.${a}`)}
                            </button>
                          ))}
                          {d.email ? (
                            <button
                              type="button"
                              className="button button-secondary button-small"
                              disabled={inviting.has(d.id)}
                              aria-label={`${t('invites.invite')}: ${name}`}
                              title={t('invites.inviteHint', { email: d.email })}
                              onClick={() => {
                                onInvite(d);
                              }}
                            >
                              {t('invites.invite')}
                            </button>
                          ) : null}
                          {message ? (
                            <span className={message.ok ? 'row-result ok' : 'row-result fail'}>{message.text}</span>
                          ) : null}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}

        {list.data && pages > 1 ? (
          <nav className="pager" aria-label={t('acc.pageOf', { page: query.page ?? 1, pages })}>
            <button
              type="button"
              className="button button-secondary"
              disabled={(query.page ?? 1) <= 1}
              onClick={() => {
                setFilter({ page: String((query.page ?? 1) - 1) });
              }}
            >
              ← {t('acc.prev')}
            </button>
            <span>{t('acc.pageOf', { page: query.page ?? 1, pages })}</span>
            <button
              type="button"
              className="button button-secondary"
              disabled={(query.page ?? 1) >= pages}
              onClick={() => {
                setFilter({ page: String((query.page ?? 1) + 1) });
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

function BulkResults({
  outcomes,
  action,
  nameOf,
  errorText,
  onClose,
}: {
  outcomes: BulkOutcome<Delegate>[];
  action: AccreditationAction;
  nameOf: (id: number) => string;
  errorText: (error: unknown, action: AccreditationAction) => string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const ok = outcomes.filter((o) => o.ok).length;
  return (
    <section className="card bulk-results" aria-labelledby="bulk-results-heading">
      <div className="card-head">
        <h3 id="bulk-results-heading">
          {t(`action.${action}`)} — {t('acc.bulkResults', { ok, failed: outcomes.length - ok })}
        </h3>
        <button type="button" className="button button-secondary button-small" onClick={onClose}>
          ×<span className="visually-hidden"> {t('acc.clear')}</span>
        </button>
      </div>
      <ul>
        {outcomes.map((o) => (
          <li key={o.id} className={o.ok ? 'ok' : 'fail'}>
            <span className="result-icon" aria-hidden="true">
              {o.ok ? '✓' : '✗'}
            </span>
            <strong>{o.ok ? fullName(o.value) : nameOf(o.id)}</strong>:{' '}
            {o.ok ? t(`status.${o.value.accreditation_status}`) : errorText(o.error, action)}
          </li>
        ))}
      </ul>
    </section>
  );
}
