import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { usePartnership, usePartnershipActions, usePartnershipHistory } from '../../api/partnerships';
import { ApiError, describeError } from '../../api/problem';
import type { Partnership, PartnershipAction } from '../../api/types';
import { ErrorMessage, Loading, OutcomeFlash } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import { formatDate, isPartnershipAction, joinList } from '../../lib/partnerships';
import { NotFound } from '../NotFound';

/** One partnership in the back office: its facts, the lifecycle actions it allows, its history. */
export function PartnershipEditor() {
  const { id: raw } = useParams();
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) return <NotFound />;
  return <EditorView key={id} id={id} />;
}

function EditorView({ id }: { id: number }) {
  const { t, pick, locale } = useI18n();
  const partnership = usePartnership(id);

  if (partnership.isPending) return <Loading />;
  if (partnership.isError) {
    return (
      <div className="page narrow">
        <ErrorMessage error={partnership.error} onRetry={() => void partnership.refetch()} />
        <p>
          <Link to="/admin/partnerships">← {t('adminP.back')}</Link>
        </p>
      </div>
    );
  }

  const p = partnership.data;
  return (
    <div className="page partnership-editor">
      <p className="back-link">
        <Link to="/admin/partnerships">← {t('adminP.back')}</Link>
      </p>
      <p className="eyebrow">
        <span className="chip">{t(`partnershipKind.${p.kind}`)}</span>{' '}
        {p.illustrative ? <span className="chip chip-example">{t('map.illustrative')}</span> : null}
      </p>
      <h1>
        {pick(p.city_a.name)} – {pick(p.city_b.name)}
      </h1>

      <div className="session-layout">
        <div>
          <dl className="facts card" aria-label={t('adminP.details')}>
            <div>
              <dt>{t('adminP.status')}</dt>
              <dd>
                <span className={`pstatus pstatus-${p.status}`}>{t(`partnershipStatus.${p.status}`)}</span>
              </dd>
            </div>
            <div>
              <dt>{t('adminP.established')}</dt>
              <dd>{p.established_on ? formatDate(p.established_on, locale) : '—'}</dd>
            </div>
            <div>
              <dt>{t('adminP.fields')}</dt>
              <dd>{p.fields.length > 0 ? joinList(p.fields.map((f) => t(`field.${f}`)), locale) : '—'}</dd>
            </div>
            <div>
              <dt>{t('adminP.cityPages')}</dt>
              <dd>
                <Link to={`/cities/${String(p.city_a.id)}`}>{pick(p.city_a.name)}</Link>
                {' · '}
                <Link to={`/cities/${String(p.city_b.id)}`}>{pick(p.city_b.name)}</Link>
              </dd>
            </div>
            <div>
              <dt>{t('adminP.source')}</dt>
              <dd className="break">
                {p.source_url ? (
                  <a href={p.source_url} rel="noreferrer noopener" target="_blank">
                    {p.source_url}
                  </a>
                ) : (
                  '—'
                )}
              </dd>
            </div>
            <div>
              <dt>{t('adminP.notes')}</dt>
              <dd>{p.notes ?? t('adminP.notes.none')}</dd>
            </div>
          </dl>
          <History id={p.id} />
        </div>
        <Lifecycle partnership={p} />
      </div>
    </div>
  );
}

/** The actions the API says are possible now (`allowed_actions`), as buttons. */
function Lifecycle({ partnership }: { partnership: Partnership }) {
  const { t } = useI18n();
  const { transition } = usePartnershipActions();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const errorText = (error: unknown, action: PartnershipAction): string => {
    const allowed = error instanceof ApiError ? error.problem?.allowed_transitions : undefined;
    if (error instanceof ApiError && error.status === 409 && Array.isArray(allowed)) {
      const actions = allowed.filter(isPartnershipAction);
      return t('adminP.notAllowed', {
        action: t(`partnershipAction.${action}`),
        actions: actions.length ? actions.map((a) => t(`partnershipAction.${a}`)).join(', ') : t('adminP.none'),
      });
    }
    const { key, params, detail } = describeError(error);
    return detail ? `${t(key, params)} ${detail}` : t(key, params);
  };

  const run = (action: PartnershipAction) => {
    setOutcome(null);
    const from = partnership.status;
    transition.mutate(
      { id: partnership.id, action },
      {
        onSuccess: (next) => {
          setOutcome({
            ok: true,
            text: t('adminP.moved', {
              from: t(`partnershipStatus.${from}`),
              to: t(`partnershipStatus.${next.status}`),
            }),
          });
        },
        onError: (error) => {
          setOutcome({ ok: false, text: errorText(error, action) });
        },
      },
    );
  };

  return (
    <aside className="card lifecycle" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">{t('adminP.lifecycle')}</h2>
      <p>
        <span className={`pstatus pstatus-${partnership.status}`}>{t(`partnershipStatus.${partnership.status}`)}</span>
      </p>
      {partnership.allowed_actions.length === 0 ? <p className="muted">{t('adminP.noActions')}</p> : null}
      <div className="row-actions">
        {partnership.allowed_actions.map((action) => (
          <button
            key={action}
            type="button"
            className={`button button-small paction-${action}`}
            disabled={transition.isPending}
            onClick={() => {
              run(action);
            }}
          >
            {t(`partnershipAction.${action}`)}
          </button>
        ))}
      </div>
      <OutcomeFlash outcome={outcome} />
    </aside>
  );
}

function History({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const history = usePartnershipHistory(id);
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const rows = [...(history.data ?? [])].sort((a, b) => b.changed_at.localeCompare(a.changed_at));
  return (
    <section aria-labelledby="history-heading" className="history">
      <h2 id="history-heading">{t('adminP.history')}</h2>
      {history.isPending ? <Loading /> : null}
      {history.isError ? <ErrorMessage error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.data && rows.length === 0 ? <p className="muted">{t('adminP.noHistory')}</p> : null}
      {rows.length > 0 ? (
        <ol className="timeline history-list">
          {rows.map((change, index) => (
            <li key={`${change.changed_at}-${String(index)}`}>
              <time dateTime={change.changed_at} className="timeline-date">
                {format.format(new Date(change.changed_at))}
              </time>
              <span className="timeline-text">
                {change.from_status
                  ? t('adminP.moved', {
                      from: t(`partnershipStatus.${change.from_status}`),
                      to: t(`partnershipStatus.${change.to_status}`),
                    })
                  : t('adminP.createdAs', { status: t(`partnershipStatus.${change.to_status}`) })}
              </span>
              {change.changed_by != null ? (
                <span className="muted small">{t('adminP.byUser', { id: change.changed_by })}</span>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
