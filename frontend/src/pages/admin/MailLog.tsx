import { useState, type SubmitEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PEOPLE_PER_PAGE, useMailActions, useMails } from '../../api/people';
import { ApiError, describeError } from '../../api/problem';
import type { Mail, MailListQuery } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { OutcomeFlash, type Outcome } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import { formatStamp, idParam, pageParam } from '../../lib/integrations';
import { canResend, isMailKind, isMailLanguage, isMailStatus, MAIL_KINDS, MAIL_STATUSES } from '../../lib/people';

/**
 * The mail log (admins): every mail the platform queued (invitations, resets, notifications),
 * filtered by state, kind and recipient, with its attempts and last error; a mail that was
 * not sent can be queued again. A sent one-time link cannot (it may be in use already).
 */
export function MailLog() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = pageParam(params.get('page'));
  const status = params.get('status');
  const kind = params.get('kind');
  const recipient = params.get('recipient')?.trim() ?? '';
  const userId = idParam(params.get('user_id'));
  const query: MailListQuery = {
    page,
    per_page: PEOPLE_PER_PAGE,
    ...(isMailStatus(status) ? { status } : {}),
    ...(isMailKind(kind) ? { kind } : {}),
    ...(recipient ? { recipient } : {}),
    ...(userId ? { user_id: userId } : {}),
  };
  const mails = useMails(query);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const total = mails.data?.total ?? 0;

  const onFilter = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ['status', 'kind', 'recipient']) {
      const value = form.get(name);
      if (typeof value === 'string' && value.trim()) next.set(name, value.trim());
    }
    if (userId) next.set('user_id', String(userId));
    setParams(next);
  };

  return (
    <div className="page wide integrations mail-log">
      <div className="page-head">
        <div>
          <h1>{t('mails.title')}</h1>
          <p className="lead">{t('mails.intro')}</p>
        </div>
      </div>

      <form className="filters mails-filters" aria-label={t('mails.filters')} onSubmit={onFilter} key={params.toString()}>
        <div className="field">
          <label htmlFor="ml-status">{t('mails.status')}</label>
          <select id="ml-status" name="status" defaultValue={isMailStatus(status) ? status : ''}>
            <option value="">{t('adminP.any')}</option>
            {MAIL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`mails.state.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ml-kind">{t('mails.kind')}</label>
          <select id="ml-kind" name="kind" defaultValue={isMailKind(kind) ? kind : ''}>
            <option value="">{t('adminP.any')}</option>
            {MAIL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`mails.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ml-recipient">{t('mails.recipientFilter')}</label>
          <input id="ml-recipient" name="recipient" type="email" defaultValue={recipient} />
        </div>
        <div className="filter-buttons">
          <button type="submit" className="button">
            {t('adminP.apply')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setParams(new URLSearchParams());
            }}
          >
            {t('adminP.clear')}
          </button>
        </div>
      </form>
      {userId ? <p className="muted">{t('mails.ofUser', { id: userId })}</p> : null}

      <section aria-labelledby="mails-list-heading">
        <h2 id="mails-list-heading" className="visually-hidden">
          {t('mails.list')}
        </h2>
        <OutcomeFlash outcome={outcome} />
        {mails.data ? <p className="muted">{total === 1 ? t('mails.countOne') : t('mails.count', { count: total })}</p> : null}
        <DataTable
          query={mails}
          items={mails.data?.items}
          caption={t('mails.list')}
          className="mails-table"
          empty={t('mails.empty')}
          columns={[
            t('mails.recipient'),
            t('mails.subject'),
            t('mails.status'),
            t('mails.attempts'),
            t('mails.lastError'),
            t('mails.when'),
            t('apps.actions'),
          ]}
          row={(mail) => <MailRow key={mail.id} mail={mail} onOutcome={setOutcome} />}
          paging={{
            page,
            total,
            perPage: PEOPLE_PER_PAGE,
            onPage: (next) => {
              const copy = new URLSearchParams(params);
              copy.set('page', String(next));
              setParams(copy);
            },
          }}
        />
      </section>
    </div>
  );
}

function MailRow({ mail, onOutcome }: { mail: Mail; onOutcome: (o: Outcome) => void }) {
  const { t, locale } = useI18n();
  const { resend } = useMailActions();
  const [refusal, setRefusal] = useState<string | null>(null);
  const label = `${mail.recipient} #${String(mail.id)}`;
  const allowed = canResend(mail) && refusal === null;
  const whyNot = `mail-${String(mail.id)}-why`;

  const run = () => {
    onOutcome(null);
    resend.mutate(mail.id, {
      onSuccess: (queued) => {
        onOutcome({ ok: true, text: t('mails.resent', { label, id: queued.id }) });
      },
      onError: (error) => {
        const { key, params, detail } = describeError(error);
        const text = detail ? `${t(key, params)} ${detail}` : t(key, params);
        onOutcome({ ok: false, text: `${label}: ${text}` });
        if (error instanceof ApiError && error.status === 409) setRefusal(detail ?? text);
      },
    });
  };

  return (
    <tr>
      <th scope="row" className="account-cell">
        <span className="cell-name">{mail.recipient}</span>
        <span className="cell-sub">
          {isMailKind(mail.kind) ? t(`mails.kind.${mail.kind}`) : mail.kind.replaceAll('_', ' ')} · #{mail.id}
          {isMailLanguage(mail.language) ? ` · ${t(`users.lang.${mail.language}`)}` : ''}
        </span>
      </th>
      <td data-label={t('mails.subject')} className="break">
        {mail.subject}
        {mail.carries_link ? <span className="muted small block">{t('mails.carriesLink')}</span> : null}
        {mail.text_body ? (
          <details className="mail-text">
            <summary>{t('mails.text')}</summary>
            <pre>{mail.text_body}</pre>
          </details>
        ) : null}
      </td>
      <td data-label={t('mails.status')}>
        <span className={`chip mail-${mail.status}`}>{isMailStatus(mail.status) ? t(`mails.state.${mail.status}`) : mail.status}</span>
      </td>
      <td data-label={t('mails.attempts')} className="num">
        {mail.attempts}
      </td>
      <td data-label={t('mails.lastError')} className="break">
        {mail.last_error ?? '—'}
      </td>
      <td data-label={t('mails.when')}>
        {formatStamp(mail.created_at, locale)}
        {mail.sent_at ? (
          <span className="muted small block">{t('mails.sentAt', { when: formatStamp(mail.sent_at, locale) })}</span>
        ) : null}
        {mail.status === 'pending' ? (
          <span className="muted small block">{t('mails.next', { when: formatStamp(mail.next_attempt_at, locale) })}</span>
        ) : null}
      </td>
      <td className="actions-cell">
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={!allowed || resend.isPending}
          aria-label={`${t('mails.resend')}: ${label}`}
          aria-describedby={allowed ? undefined : whyNot}
          onClick={run}
        >
          {t('mails.resend')}
        </button>
        {allowed ? null : (
          <span className="muted small block resend-why" id={whyNot}>
            {refusal ??
              (mail.kind === 'invitation' || mail.kind === 'password_reset'
                ? t(`mails.noResend.${mail.kind}`)
                : t('mails.noResend'))}
          </span>
        )}
      </td>
    </tr>
  );
}
