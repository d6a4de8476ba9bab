import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useApi, useAuth } from '../api/context';
import { useEndorse, useEndorsements, useInitiative, useInitiativeVersions } from '../api/partnerships';
import { useCities } from '../api/queries';
import { ApiError, unwrap } from '../api/problem';
import type { Endorsement, Initiative, LangMap } from '../api/types';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { pickLang } from '../i18n/langMap';
import { EVENT_SLUG } from '../lib/event';
import { formatDate } from '../lib/partnerships';
import { NotFound } from './NotFound';

/** Whether a language map has a text in `lang` itself (not only the English fallback). */
function hasLanguage(map: LangMap, lang: string): boolean {
  return Object.entries(map).some(([tag, text]) => Boolean(text) && (tag === lang || tag.startsWith(`${lang}-`)));
}

/** One initiative: its current text, its versions, and the cities that endorse it. */
export function InitiativePage() {
  const { id: raw } = useParams();
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) return <NotFound />;
  return <InitiativeView id={id} />;
}

function InitiativeView({ id }: { id: number }) {
  const { t, pick, lang, locale } = useI18n();
  const initiative = useInitiative(id);
  const versions = useInitiativeVersions(id);
  const endorsements = useEndorsements(id);

  if (initiative.isPending) return <Loading />;
  if (initiative.isError) {
    return (
      <div className="page narrow">
        <ErrorMessage error={initiative.error} onRetry={() => void initiative.refetch()} />
        <p>
          <Link to="/initiatives">← {t('init.back')}</Link>
        </p>
      </div>
    );
  }

  const it = initiative.data;
  const current = it.current_version;
  const fallback = lang !== 'en' && !hasLanguage(current.text, lang);
  const history = [...(versions.data ?? [])].sort((a, b) => b.number - a.number);

  return (
    <div className="page initiative-page">
      <p className="back-link">
        <Link to="/initiatives">← {t('init.back')}</Link>
      </p>
      <p className="eyebrow">
        <span className={`chip initiative-${it.status}`}>{t(`initiativeStatus.${it.status}`)}</span>
      </p>
      <h1>{pick(it.title)}</h1>

      <div className="session-layout">
        <div>
          <section aria-labelledby="text-heading" className="card initiative-text">
            <div className="card-head">
              <h2 id="text-heading">{t('init.text')}</h2>
              <span className="muted">
                {t('init.version', { number: current.number, date: formatDate(current.created_at.slice(0, 10), locale) })}
              </span>
            </div>
            {fallback ? <p className="hint">{t('init.fallback')}</p> : null}
            <div lang={fallback ? 'en' : undefined} className="initiative-body">
              {pickLang(current.text, lang)
                .split(/\n{2,}/)
                .map((paragraph, index) => (
                  <p key={index}>{paragraph}</p>
                ))}
            </div>
          </section>

          <section aria-labelledby="endorsers-heading" className="endorsers">
            <div className="card-head">
              <h2 id="endorsers-heading">{t('init.endorsers')}</h2>
              <span className="muted">
                {it.endorsements === 1 ? t('init.countOne') : t('init.count', { count: it.endorsements })}
              </span>
            </div>
            {endorsements.isPending ? <Loading /> : null}
            {endorsements.isError ? (
              <ErrorMessage error={endorsements.error} onRetry={() => void endorsements.refetch()} />
            ) : null}
            {endorsements.data?.length === 0 ? <Empty message={t('init.noEndorsers')} /> : null}
            {endorsements.data && endorsements.data.length > 0 ? <EndorsementTable rows={endorsements.data} /> : null}
          </section>
        </div>

        <div className="initiative-side">
          <EndorseBox initiative={it} endorsements={endorsements.data} />
          <section aria-labelledby="history-heading" className="card">
            <h2 id="history-heading">{t('init.history')}</h2>
            {versions.isPending ? <Loading /> : null}
            {versions.isError ? <ErrorMessage error={versions.error} onRetry={() => void versions.refetch()} /> : null}
            <ol className="version-list" reversed>
              {history.map((version) => (
                <li key={version.number}>
                  <details>
                    <summary>
                      {t('init.version', {
                        number: version.number,
                        date: formatDate(version.created_at.slice(0, 10), locale),
                      })}
                      {version.number === current.number ? <span className="chip">{t('init.current')}</span> : null}
                    </summary>
                    <p className="version-text">{pickLang(version.text, lang)}</p>
                  </details>
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </div>
  );
}

function EndorsementTable({ rows }: { rows: readonly Endorsement[] }) {
  const { t, pick, locale } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table endorsement-table stack-table">
        <caption className="visually-hidden">{t('init.endorsers')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('init.city')}</th>
            <th scope="col">{t('init.delegate')}</th>
            <th scope="col">{t('init.date')}</th>
            <th scope="col">{t('init.statement')}</th>
            <th scope="col" className="num">
              {t('init.versionCol')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <Link to={`/cities/${String(row.city.id)}`}>{pick(row.city.name)}</Link>
              </th>
              <td data-label={t('init.delegate')}>
                {row.delegate_name ?? <span className="muted">{t('init.hidden')}</span>}
              </td>
              <td data-label={t('init.date')} className="nowrap">
                {formatDate(row.endorsed_on, locale)}
              </td>
              <td data-label={t('init.statement')}>{row.statement ?? '—'}</td>
              <td data-label={t('init.versionCol')} className="num">
                {row.version_number}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The city of the signed-in delegate, to tell whether it endorses already. */
function useOwnCity(delegateId: number | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['delegates', EVENT_SLUG, 'city', delegateId ?? 0],
    enabled: delegateId !== null,
    staleTime: 10 * 60_000,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/events/{event}/delegates/{id}', {
          params: { path: { event: EVENT_SLUG, id: delegateId ?? 0 } },
        }),
      ).city_id,
  });
}

/** A signed-in delegate endorses for their city here; anyone else is told how. */
function EndorseBox({ initiative, endorsements }: { initiative: Initiative; endorsements: Endorsement[] | undefined }) {
  const { t, pick, locale } = useI18n();
  const { me, session } = useAuth();
  const location = useLocation();
  const delegateId = me?.role === 'delegate' ? (me.delegate_id ?? null) : null;
  const ownCity = useOwnCity(delegateId);
  const cities = useCities();
  const ownCityRecord = ownCity.data !== undefined ? cities.data?.get(ownCity.data) : undefined;
  const endorse = useEndorse(initiative.id);
  const [statement, setStatement] = useState('');

  const open = initiative.status === 'open_for_endorsement';
  const mine = endorsements?.find((e) => e.city.id === ownCity.data && !e.withdrawn_at);

  let body;
  if (!session) {
    body = (
      <>
        <p>{t('init.signIn')}</p>
        {open ? (
          <Link className="button" to={`/login?next=${encodeURIComponent(location.pathname)}`}>
            {t('init.signInButton')}
          </Link>
        ) : null}
      </>
    );
  } else if (delegateId === null) {
    body = me ? <p className="muted">{t('init.staff')}</p> : <Loading />;
  } else if (endorse.isSuccess) {
    body = (
      <p className="flash flash-ok" role="status">
        {t('init.endorsedNow', { city: pick(endorse.data.city.name) })}
      </p>
    );
  } else if (mine) {
    body = <p className="flash flash-ok">{t('init.endorsed', { date: formatDate(mine.endorsed_on, locale) })}</p>;
  } else if (!open) {
    body = <p className="muted">{t('init.notOpen')}</p>;
  } else {
    const error = endorse.error;
    const fieldErrors = error instanceof ApiError ? error.fieldErrors : new Map<string, string>();
    const statementError = fieldErrors.get('statement');
    body = (
      <form
        className="form endorse-form"
        onSubmit={(e) => {
          e.preventDefault();
          endorse.mutate({ delegateId, statement });
        }}
      >
        <div className={statementError ? 'field field-invalid' : 'field'}>
          <label htmlFor="endorse-statement">{t('init.statementLabel')}</label>
          <textarea
            id="endorse-statement"
            rows={3}
            maxLength={2000}
            value={statement}
            aria-invalid={statementError ? true : undefined}
            aria-describedby={statementError ? 'endorse-statement-error' : undefined}
            onChange={(e) => {
              setStatement(e.target.value);
            }}
          />
          {statementError ? (
            <span className="field-error" id="endorse-statement-error">
              {statementError}
            </span>
          ) : null}
        </div>
        {error ? <EndorseError error={error} /> : null}
        <button type="submit" className="button" disabled={endorse.isPending}>
          {endorse.isPending
            ? t('init.endorsing')
            : ownCityRecord
              ? t('init.endorseFor', { city: pick(ownCityRecord.name) })
              : t('init.endorse')}
        </button>
      </form>
    );
  }

  return (
    <aside className="card endorse-box" aria-labelledby="endorse-heading">
      <h2 id="endorse-heading">{t('init.endorseTitle')}</h2>
      {body}
    </aside>
  );
}

/** A refused endorsement in plain words: the city already endorses, it is closed, or the API's detail. */
function EndorseError({ error }: { error: Error }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.status === 409) {
    const key = error.problem?.existing_id != null ? 'init.alreadyCity' : 'init.notOpen';
    return (
      <div className="state state-error" role="alert">
        <p>
          <strong>{t(key)}</strong> {error.problem?.detail}
        </p>
      </div>
    );
  }
  if (error instanceof ApiError && error.status === 422) {
    const other = (error.problem?.errors ?? []).filter((e) => e.field !== 'statement');
    if (other.length === 0) return null;
    return (
      <div className="state state-error" role="alert">
        <p>
          <strong>{t('error.422')}</strong>
        </p>
        <ul>
          {other.map((e) => (
            <li key={e.field}>{e.message}</li>
          ))}
        </ul>
      </div>
    );
  }
  return <ErrorMessage error={error} />;
}
