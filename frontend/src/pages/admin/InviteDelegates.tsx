import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/context';
import { newIdempotencyKey, useDelegations, useInvitations } from '../../api/people';
import { unwrap } from '../../api/problem';
import { MAX_PAGE, queryKeys, readAll, useCities } from '../../api/queries';
import type { BulkInvitation, BulkInvitationReport, Delegate, InvitationOutcome } from '../../api/types';
import { Confirm } from '../../components/Confirm';
import { ErrorMessage, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import { ACCREDITATION_STATUSES, isAccreditationStatus } from '../../lib/accreditation';
import { EVENT_SLUG } from '../../lib/event';
import { idParam } from '../../lib/integrations';
import { fullName } from '../../lib/names';
import { isInvitationResult } from '../../lib/people';

/** The order of the report: what needs attention first. */
const OUTCOME_ORDER: Record<string, number> = { no_email: 0, has_account: 1, sent: 2 };

/**
 * Inviting delegates in bulk (organizers, admins): every delegate of a delegation and/or an
 * accreditation state gets a mail with a link to choose a password. The count of matching
 * delegates is shown before anything is sent, and the sending is asked for; the report says
 * per delegate whether the mail went, they already have an account, or the record has no
 * e-mail address.
 */
export function InviteDelegates() {
  const { t, pick, locale } = useI18n();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const delegationId = idParam(params.get('delegation'));
  const statusParam = params.get('status');
  const status = isAccreditationStatus(statusParam) ? statusParam : undefined;
  const delegations = useDelegations();
  const cities = useCities();
  const { inviteMany } = useInvitations();
  const [asking, setAsking] = useState<string | null>(null);
  const [report, setReport] = useState<{ body: BulkInvitation; result: BulkInvitationReport } | null>(null);

  // The same filters choose whom the count shows and whom the invitation goes to.
  const filter = {
    ...(delegationId ? { delegation_id: delegationId } : {}),
    ...(status ? { accreditation_status: status } : {}),
  };

  const matching = useQuery({
    queryKey: [...queryKeys.delegates(EVENT_SLUG), 'matching', filter],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/events/{event}/delegates', {
          params: { path: { event: EVENT_SLUG }, query: { ...filter, per_page: 1 } },
        }),
      ).total,
  });

  const delegationName = (id: number): string => {
    const delegation = delegations.data?.find((d) => d.id === id);
    const city = delegation ? cities.data?.get(delegation.city_id) : undefined;
    return city ? pick(city.name) : `#${String(id)}`;
  };
  const collator = new Intl.Collator(locale);
  const sortedDelegations = [...(delegations.data ?? [])].sort((a, b) =>
    collator.compare(delegationName(a.id), delegationName(b.id)),
  );

  const onFilter = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ['delegation', 'status']) {
      const value = form.get(name);
      if (typeof value === 'string' && value) next.set(name, value);
    }
    setParams(next);
    setAsking(null);
  };

  const send = () => {
    if (asking === null) return;
    const sent: BulkInvitation = filter;
    inviteMany.mutate(
      { body: sent, key: asking },
      {
        onSuccess: (result) => {
          setAsking(null);
          setReport({ body: sent, result });
        },
      },
    );
  };

  const count = matching.data;
  const what = [
    delegationId ? t('invites.ofDelegation', { name: delegationName(delegationId) }) : null,
    status ? t('invites.inState', { state: t(`status.${status}`) }) : null,
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <div className="page wide invitations">
      <p className="back-link">
        <Link to="/admin/accreditation">← {t('invites.back')}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{t('invites.title')}</h1>
          <p className="lead">{t('invites.intro')}</p>
        </div>
      </div>

      <section className="card" aria-labelledby="invite-who-heading">
        <h2 id="invite-who-heading">{t('invites.who')}</h2>
        <form className="filters" aria-label={t('invites.who')} onSubmit={onFilter} key={params.toString()}>
          <div className="field">
            <label htmlFor="iv-delegation">{t('invites.delegation')}</label>
            <select id="iv-delegation" name="delegation" defaultValue={delegationId ? String(delegationId) : ''}>
              <option value="">{t('invites.allDelegations')}</option>
              {sortedDelegations.map((d) => (
                <option key={d.id} value={d.id}>
                  {delegationName(d.id)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="iv-status">{t('acc.status')}</label>
            <select id="iv-status" name="status" defaultValue={status ?? ''}>
              <option value="">{t('acc.any')}</option>
              {ACCREDITATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="filter-buttons">
            <button type="submit" className="button button-secondary">
              {t('adminP.apply')}
            </button>
          </div>
        </form>

        <div aria-live="polite">
          {matching.isPending ? <Loading /> : null}
          {matching.isError ? <ErrorMessage error={matching.error} onRetry={() => void matching.refetch()} /> : null}
          {count !== undefined ? (
            <p className="invite-count">
              <strong>{count === 1 ? t('invites.matchOne') : t('invites.match', { count })}</strong>
              {what ? <span className="muted"> ({what})</span> : null}
            </p>
          ) : null}
        </div>

        {asking !== null && count !== undefined ? (
          <Confirm
            variant="box"
            question={count === 1 ? t('invites.confirmOne') : t('invites.confirm', { count })}
            detail={t('invites.confirmDetail')}
            yes={inviteMany.isPending ? t('invites.sending') : t('invites.yes')}
            busy={inviteMany.isPending}
            onYes={send}
            onCancel={() => {
              setAsking(null);
            }}
          />
        ) : (
          <button
            type="button"
            className="button"
            disabled={!count}
            onClick={() => {
              inviteMany.reset();
              setAsking(newIdempotencyKey());
            }}
          >
            {t('invites.send')}
          </button>
        )}
        {inviteMany.isError ? <ErrorMessage error={inviteMany.error} /> : null}
      </section>

      {report ? <Report body={report.body} result={report.result} /> : null}
    </div>
  );
}

/** What a bulk invitation did: the counts, then each delegate's outcome by name. */
function Report({ body, result }: { body: BulkInvitation; result: BulkInvitationReport }) {
  const { t } = useI18n();
  const api = useApi();
  const heading = useRef<HTMLHeadingElement>(null);
  // A new report takes the focus, so that it is read out and the keyboard continues there.
  useEffect(() => {
    heading.current?.focus();
  }, [result]);
  const names = useQuery({
    queryKey: [...queryKeys.delegates(EVENT_SLUG), 'names', body],
    queryFn: async () => {
      const delegates = await readAll(async (page) =>
        unwrap(
          await api.GET('/api/v1/events/{event}/delegates', {
            params: {
              path: { event: EVENT_SLUG },
              query: {
                page,
                per_page: MAX_PAGE,
                ...(body.delegation_id ? { delegation_id: body.delegation_id } : {}),
                ...(body.accreditation_status ? { accreditation_status: body.accreditation_status } : {}),
              },
            },
          }),
        ),
      );
      return new Map<number, Delegate>(delegates.map((d) => [d.id, d]));
    },
  });
  const nameOf = (id: number) => {
    const delegate = names.data?.get(id);
    return delegate ? fullName(delegate) : t('invites.delegateNo', { id });
  };
  const outcomes = [...result.outcomes].sort(
    (a, b) => (OUTCOME_ORDER[a.outcome] ?? 3) - (OUTCOME_ORDER[b.outcome] ?? 3) || nameOf(a.delegate_id).localeCompare(nameOf(b.delegate_id)),
  );

  return (
    <section className="card invite-report" aria-labelledby="invite-report-heading">
      <h2 id="invite-report-heading" tabIndex={-1} ref={heading}>
        {t('invites.report')}
      </h2>
      <ul className="report-counts" aria-label={t('invites.report')}>
        <li className="count-sent">
          <span className="report-number">{result.sent}</span> {t('invites.outcome.sent')}
        </li>
        <li className="count-has_account">
          <span className="report-number">{result.has_account}</span> {t('invites.outcome.has_account')}
        </li>
        <li className="count-no_email">
          <span className="report-number">{result.no_email}</span> {t('invites.outcome.no_email')}
        </li>
      </ul>
      {outcomes.length === 0 ? <p className="muted">{t('invites.nobody')}</p> : null}
      {outcomes.length > 0 ? (
        <div className="table-wrap">
          <table className="table stack-table invite-outcomes" aria-busy={names.isFetching}>
            <caption className="visually-hidden">{t('invites.report')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('invites.delegate')}</th>
                <th scope="col">{t('invites.result')}</th>
                <th scope="col">{t('invites.details')}</th>
              </tr>
            </thead>
            <tbody>
              {outcomes.map((o) => (
                <OutcomeRow key={o.delegate_id} outcome={o} name={nameOf(o.delegate_id)} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function OutcomeRow({ outcome, name }: { outcome: InvitationOutcome; name: string }) {
  const { t } = useI18n();
  const known = isInvitationResult(outcome.outcome) ? outcome.outcome : null;
  return (
    <tr>
      <th scope="row">{name}</th>
      <td data-label={t('invites.result')}>
        <span className={`chip invite-${outcome.outcome}`}>{known ? t(`invites.outcome.${known}`) : outcome.outcome}</span>
      </td>
      <td data-label={t('invites.details')}>
        {known ? t(`invites.explain.${known}`, { user: outcome.user_id ?? '—', mail: outcome.mail_id ?? '—' }) : '—'}
      </td>
    </tr>
  );
}
