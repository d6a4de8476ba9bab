import type { SubmitEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PER_PAGE, useAuditLog } from '../../api/integrations';
import type { AuditActor, AuditEntry, AuditListQuery } from '../../api/types';
import { Pager } from '../../components/Pager';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import {
  AUDIT_ACTIONS,
  changeRows,
  formatStamp,
  idParam,
  isAuditAction,
  isoToLocalInput,
  localInputToIso,
  pageParam,
  showValue,
} from '../../lib/integrations';

/** The filters, as kept in the URL. */
const FILTERS = ['resource', 'resource_id', 'actor', 'action', 'since', 'until'] as const;

/** The audit log (admins): every recorded change, filtered and paged; each opens to its before and after. */
export function AuditLog() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = pageParam(params.get('page'));
  const text = (name: string) => params.get(name)?.trim() ?? '';
  const resourceId = idParam(params.get('resource_id'));
  const actor = idParam(params.get('actor'));
  const action = params.get('action');
  const since = text('since');
  const until = text('until');
  const query: AuditListQuery = {
    page,
    per_page: PER_PAGE,
    ...(text('resource') ? { resource: text('resource') } : {}),
    ...(resourceId ? { resource_id: resourceId } : {}),
    ...(actor ? { actor } : {}),
    ...(isAuditAction(action) ? { action } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
  const log = useAuditLog(query);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const raw = form.get(name);
      let value = typeof raw === 'string' ? raw.trim() : '';
      if (name === 'since' || name === 'until') value = localInputToIso(value) ?? '';
      if (value) next.set(name, value);
    }
    setParams(next);
  };

  return (
    <div className="page wide integrations">
      <div className="page-head">
        <div>
          <h1>{t('audit.title')}</h1>
          <p className="lead">{t('audit.intro')}</p>
        </div>
      </div>

      <form className="filters audit-filters" aria-label={t('audit.filters')} onSubmit={onSubmit} key={params.toString()}>
        <div className="field">
          <label htmlFor="au-resource">{t('audit.resource')}</label>
          <input id="au-resource" name="resource" defaultValue={text('resource')} placeholder="session" />
        </div>
        <div className="field">
          <label htmlFor="au-resource-id">{t('audit.resourceId')}</label>
          <input id="au-resource-id" name="resource_id" inputMode="numeric" pattern="[0-9]*" defaultValue={resourceId ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="au-actor">{t('audit.actor')}</label>
          <input id="au-actor" name="actor" inputMode="numeric" pattern="[0-9]*" defaultValue={actor ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="au-action">{t('audit.action')}</label>
          <select id="au-action" name="action" defaultValue={isAuditAction(action) ? action : ''}>
            <option value="">{t('adminP.any')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`audit.action.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="au-since">{t('audit.since')}</label>
          <input id="au-since" name="since" type="datetime-local" defaultValue={isoToLocalInput(since)} />
        </div>
        <div className="field">
          <label htmlFor="au-until">{t('audit.until')}</label>
          <input id="au-until" name="until" type="datetime-local" defaultValue={isoToLocalInput(until)} />
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

      {log.isPending ? <Loading /> : null}
      {log.isError ? <ErrorMessage error={log.error} onRetry={() => void log.refetch()} /> : null}
      {log.data ? <p className="muted">{t('audit.count', { count: log.data.total })}</p> : null}
      {log.data && log.data.items.length === 0 ? <Empty message={t('audit.empty')} /> : null}
      {log.data && log.data.items.length > 0 ? (
        <ol className="audit-list" aria-busy={log.isFetching} aria-label={t('audit.entries')}>
          {log.data.items.map((entry) => (
            <AuditItem key={entry.id} entry={entry} />
          ))}
        </ol>
      ) : null}
      {log.data ? (
        <Pager
          page={page}
          total={log.data.total}
          perPage={PER_PAGE}
          onPage={(next) => {
            const copy = new URLSearchParams(params);
            copy.set('page', String(next));
            setParams(copy);
          }}
        />
      ) : null}
    </div>
  );
}

function actorText(actor: AuditActor, t: ReturnType<typeof useI18n>['t']): string {
  const parts: string[] = [];
  if (actor.user_id != null) parts.push(t('audit.byUser', { id: actor.user_id }));
  if (actor.token_id != null) parts.push(t('audit.byToken', { id: actor.token_id }));
  return parts.length > 0 ? parts.join(' · ') : t('audit.bySystem');
}

function AuditItem({ entry }: { entry: AuditEntry }) {
  const { t, locale } = useI18n();
  const rows = changeRows(entry.before, entry.after);
  return (
    <li className="audit-entry card">
      <details>
        <summary>
          <span className={`chip audit-${entry.action}`}>
            {isAuditAction(entry.action) ? t(`audit.action.${entry.action}`) : entry.action}
          </span>{' '}
          <strong>
            {entry.resource} {entry.resource_id}
          </strong>{' '}
          <span className="muted">
            <time dateTime={entry.occurred_at}>{formatStamp(entry.occurred_at, locale)}</time> · {actorText(entry.actor, t)}
            {entry.event ? ` · ${entry.event}` : ''}
            {entry.event_type ? ` · ${entry.event_type}` : ''}
          </span>
        </summary>
        {rows.length === 0 ? (
          <p className="muted">{t('audit.noFields')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table stack-table audit-diff">
              <caption className="visually-hidden">
                {t('audit.changesOf', { what: `${entry.resource} ${String(entry.resource_id)}` })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.field')}</th>
                  <th scope="col">{t('audit.before')}</th>
                  <th scope="col">{t('audit.after')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.field}>
                    <th scope="row">
                      <code>{row.field}</code>
                    </th>
                    <td data-label={t('audit.before')} className="break">
                      {row.hasBefore ? <code className="value">{showValue(row.before)}</code> : <span className="muted">—</span>}
                    </td>
                    <td data-label={t('audit.after')} className="break">
                      {row.hasAfter ? <code className="value">{showValue(row.after)}</code> : <span className="muted">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </li>
  );
}
