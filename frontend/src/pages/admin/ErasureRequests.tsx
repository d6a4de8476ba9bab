import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ERASURES_PER_PAGE, useDelegateName, useEraseDelegate, useErasureRequests } from '../../api/account';
import { describeError } from '../../api/problem';
import type { ErasureRequest } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { OutcomeFlash, type Outcome } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import { formatStamp, pageParam } from '../../lib/integrations';

/**
 * Erasure requests (organizers): the delegates who asked to be erased, pending first, each
 * named from its record; carrying one out is asked twice, because it cannot be undone.
 */
export function ErasureRequests() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = pageParam(params.get('page'));
  const list = useErasureRequests(page);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const total = list.data?.total ?? 0;

  return (
    <div className="page wide integrations erasures">
      <div className="page-head">
        <div>
          <h1>{t('erasures.title')}</h1>
          <p className="lead">{t('erasures.intro')}</p>
        </div>
      </div>
      <OutcomeFlash outcome={outcome} />
      {list.data ? <p className="muted">{total === 1 ? t('erasures.countOne') : t('erasures.count', { count: total })}</p> : null}
      <DataTable
        query={list}
        items={list.data?.items}
        caption={t('erasures.title')}
        className="erasures-table"
        empty={t('erasures.empty')}
        columns={[t('erasures.delegate'), t('erasures.requested'), t('erasures.state'), t('apps.actions')]}
        row={(request) => <ErasureRow key={request.id} request={request} onOutcome={setOutcome} />}
        paging={{
          page,
          total,
          perPage: ERASURES_PER_PAGE,
          onPage: (next) => {
            setParams(new URLSearchParams({ page: String(next) }));
          },
        }}
      />
    </div>
  );
}

function ErasureRow({ request, onOutcome }: { request: ErasureRequest; onOutcome: (o: Outcome) => void }) {
  const { t, locale } = useI18n();
  const name = useDelegateName(request.delegate_id);
  const erase = useEraseDelegate();
  const [asking, setAsking] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const shown = name.data ?? t('erasures.nameUnknown', { id: request.delegate_id });
  const pending = !request.carried_out_at;
  const checkId = `erase-understood-${String(request.id)}`;

  const carryOut = () => {
    onOutcome(null);
    erase.mutate(request.delegate_id, {
      onSuccess: () => {
        setAsking(false);
        onOutcome({ ok: true, text: t('erasures.erased', { name: shown }) });
      },
      onError: (error) => {
        const { key, params, detail } = describeError(error);
        onOutcome({ ok: false, text: `${shown}: ${t(key, params)}${detail ? ` ${detail}` : ''}` });
      },
    });
  };

  return (
    <tr className={pending ? undefined : 'row-inactive'}>
      <th scope="row" className="account-cell">
        {name.data ? (
          <Link className="cell-name" to={`/admin/accreditation?q=${encodeURIComponent(name.data)}`}>
            {name.data}
          </Link>
        ) : (
          <span className="cell-name">{shown}</span>
        )}
        <span className="cell-sub">{t('erasures.record', { id: request.delegate_id })}</span>
      </th>
      <td data-label={t('erasures.requested')}>{formatStamp(request.requested_at, locale)}</td>
      <td data-label={t('erasures.state')}>
        {pending ? (
          <span className="chip account-invited">{t('erasures.pending')}</span>
        ) : (
          <span className="chip account-active">{t('erasures.done', { date: formatStamp(request.carried_out_at, locale) })}</span>
        )}
      </td>
      <td className="actions-cell">
        {!pending ? null : asking ? (
          <div className="confirm-box erase-confirm" role="group" aria-label={t('erasures.confirm', { name: shown })}>
            <p>
              <strong>{t('erasures.confirm', { name: shown })}</strong>
            </p>
            <p className="small">{t('erasures.confirmDetail')}</p>
            <div className="checkbox-field">
              <input
                id={checkId}
                type="checkbox"
                checked={understood}
                onChange={(e) => {
                  setUnderstood(e.target.checked);
                }}
              />
              <label htmlFor={checkId}>{t('erasures.understand')}</label>
            </div>
            <div className="row-actions">
              <button
                type="button"
                className="button button-danger button-small"
                disabled={!understood || erase.isPending}
                onClick={carryOut}
              >
                {erase.isPending ? t('erasures.erasing') : t('erasures.yes')}
              </button>
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => {
                  setAsking(false);
                  setUnderstood(false);
                }}
              >
                {t('common.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <div className="row-actions">
            <button
              type="button"
              className="button button-secondary button-small button-danger-outline"
              aria-label={`${t('erasures.carryOut')}: ${shown}`}
              onClick={() => {
                setAsking(true);
              }}
            >
              {t('erasures.carryOut')}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}
