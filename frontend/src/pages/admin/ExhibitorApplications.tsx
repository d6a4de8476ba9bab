import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useApplicationAction, useExhibitors } from '../../api/expo';
import { ApiError, describeError } from '../../api/problem';
import type { ApplicationAction, ApplicationStatus, Exhibitor, ExhibitorListQuery } from '../../api/types';
import { Empty, ErrorMessage, Loading, OutcomeFlash } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import {
  allowedFrom,
  APPLICATION_STATUSES,
  describeApplicationMove,
  isApplicationAction,
  isApplicationStatus,
} from '../../lib/expo';
import { countryName } from '../../lib/partnerships';
import { useUrlFilter } from '../../components/useUrlFilter';
import { StatusSearchFilters } from '../../components/StatusSearchFilters';

/**
 * Exhibitor applications in the back office. The SPA keeps no copy of the transition table:
 * each row offers the exhibitor's `allowed_actions`; should the API still refuse one (409,
 * someone else moved it first), the row offers what its `allowed_transitions` lists.
 */
export function ExhibitorApplications() {
  const { t, pick, locale } = useI18n();
  const [params] = useSearchParams();
  const status = params.get('status');
  const q = params.get('q')?.trim() ?? '';
  const query: Omit<ExhibitorListQuery, 'page' | 'per_page'> = {
    ...(isApplicationStatus(status) ? { status } : {}),
    ...(q ? { q } : {}),
  };
  const list = useExhibitors(query);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const collator = new Intl.Collator(locale);
  const rows = [...(list.data ?? [])].sort((a, b) => collator.compare(pick(a.name), pick(b.name)));

  const setFilter = useUrlFilter();

  return (
    <div className="page wide">
      <div className="page-head">
        <div>
          <h1>{t('apps.title')}</h1>
          <p className="lead">{t('apps.intro')}</p>
        </div>
        <Link className="button button-secondary" to="/admin/expo">
          {t('nav.booths')}
        </Link>
      </div>
      <StatusSearchFilters
        id="apps"
        className="filters apps-filters"
        label={t('apps.filters')}
        statusLabel={t('apps.status')}
        searchLabel={t('apps.q')}
        anyLabel={t('adminP.any')}
        applyLabel={t('adminP.apply')}
        statuses={APPLICATION_STATUSES}
        statusName={(s) => t(`application.${s}`)}
        status={isApplicationStatus(status) ? status : ''}
        q={q}
        setFilter={setFilter}
      />

      <OutcomeFlash outcome={outcome} />
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorMessage error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data ? <p className="muted">{t('expo.count', { count: rows.length })}</p> : null}
      {list.data && rows.length === 0 ? <Empty /> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table stack-table apps-table" aria-busy={list.isFetching}>
            <caption className="visually-hidden">{t('apps.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('apps.exhibitor')}</th>
                <th scope="col">{t('expo.kind')}</th>
                <th scope="col">{t('expo.country')}</th>
                <th scope="col">{t('apps.status')}</th>
                <th scope="col">{t('expo.booths')}</th>
                <th scope="col">{t('apps.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <ApplicationRow key={e.id} exhibitor={e} onOutcome={setOutcome} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function ApplicationRow({
  exhibitor,
  onOutcome,
}: {
  exhibitor: Exhibitor;
  onOutcome: (outcome: { ok: boolean; text: string }) => void;
}) {
  const { t, pick, locale } = useI18n();
  const transition = useApplicationAction();
  // What the API said is allowed from this status, after it refused an action.
  const [learned, setLearned] = useState<{ from: ApplicationStatus; actions: ApplicationAction[] } | null>(null);
  const actions = learned?.from === exhibitor.status ? learned.actions : exhibitor.allowed_actions;
  const name = pick(exhibitor.name);

  const run = (action: ApplicationAction) => {
    const from = exhibitor.status;
    transition.mutate(
      { id: exhibitor.id, action },
      {
        onSuccess: (result) => {
          setLearned(null);
          onOutcome({ ok: true, text: describeApplicationMove(t, name, from, result) });
        },
        onError: (error) => {
          const allowed = error instanceof ApiError && error.status === 409 ? allowedFrom(error.problem, isApplicationAction) : null;
          if (allowed) {
            setLearned({ from, actions: allowed });
            onOutcome({
              ok: false,
              text: t('apps.notAllowed', {
                name,
                action: t(`applicationAction.${action}`),
                actions: allowed.length ? allowed.map((a) => t(`applicationAction.${a}`)).join(', ') : t('adminP.none'),
              }),
            });
            return;
          }
          const { key, params, detail } = describeError(error);
          onOutcome({ ok: false, text: `${name}: ${detail ? `${t(key, params)} ${detail}` : t(key, params)}` });
        },
      },
    );
  };

  return (
    <tr>
      <th scope="row">
        <Link to={`/expo/exhibitors/${String(exhibitor.id)}`}>{name}</Link>
      </th>
      <td data-label={t('expo.kind')}>{t(`exhibitorKind.${exhibitor.kind}`)}</td>
      <td data-label={t('expo.country')}>{countryName(exhibitor.country, locale)}</td>
      <td data-label={t('apps.status')}>
        <span className={`chip app-${exhibitor.status}`}>{t(`application.${exhibitor.status}`)}</span>
      </td>
      <td data-label={t('expo.booths')}>{exhibitor.booths.map((b) => b.code).join(', ') || '—'}</td>
      <td>
        <div className="row-actions">
          {actions.length === 0 ? <span className="muted">{t('adminP.noActions')}</span> : null}
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className="button button-secondary button-small"
              disabled={transition.isPending}
              aria-label={`${t(`applicationAction.${action}`)}: ${name}`}
              onClick={() => {
                run(action);
              }}
            >
              {t(`applicationAction.${action}`)}
            </button>
          ))}
        </div>
      </td>
    </tr>
  );
}
