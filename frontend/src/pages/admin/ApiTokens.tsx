import { useState, type ReactNode, type SubmitEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PER_PAGE, useApiTokenActions, useApiTokens } from '../../api/integrations';
import { ApiError, describeError } from '../../api/problem';
import type { ApiToken, CreateApiToken, CreatedApiToken, Scope } from '../../api/types';
import { Pager } from '../../components/Pager';
import { SecretOnce } from '../../components/SecretOnce';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import {
  errorForField,
  formatStamp,
  localInputToIso,
  otherFieldErrors,
  pageParam,
  SCOPES,
} from '../../lib/integrations';

/** API tokens for partner systems (admins): the list, a new token with its secret once, revocation. */
export function ApiTokens() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = pageParam(params.get('page'));
  const list = useApiTokens(page);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  return (
    <div className="page wide integrations">
      <div className="page-head">
        <div>
          <h1>{t('tokens.title')}</h1>
          <p className="lead">{t('tokens.intro')}</p>
        </div>
      </div>

      <CreateTokenForm />

      <section aria-labelledby="tokens-list-heading">
        <h2 id="tokens-list-heading">{t('tokens.list')}</h2>
        <div role="status" aria-live="polite">
          {outcome ? <p className={outcome.ok ? 'flash flash-ok' : 'flash flash-fail'}>{outcome.text}</p> : null}
        </div>
        {list.isPending ? <Loading /> : null}
        {list.isError ? <ErrorMessage error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.data ? <p className="muted">{t('tokens.count', { count: list.data.total })}</p> : null}
        {list.data && list.data.items.length === 0 ? <Empty message={t('tokens.empty')} /> : null}
        {list.data && list.data.items.length > 0 ? (
          <div className="table-wrap">
            <table className="table stack-table tokens-table" aria-busy={list.isFetching}>
              <caption className="visually-hidden">{t('tokens.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tokens.name')}</th>
                  <th scope="col">{t('tokens.prefix')}</th>
                  <th scope="col">{t('tokens.scopes')}</th>
                  <th scope="col">{t('tokens.event')}</th>
                  <th scope="col">{t('tokens.expires')}</th>
                  <th scope="col">{t('tokens.lastUsed')}</th>
                  <th scope="col">{t('tokens.state')}</th>
                  <th scope="col">{t('apps.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((token) => (
                  <TokenRow key={token.id} token={token} onOutcome={setOutcome} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {list.data ? (
          <Pager
            page={page}
            total={list.data.total}
            perPage={PER_PAGE}
            onPage={(next) => {
              setParams({ page: String(next) });
            }}
          />
        ) : null}
      </section>
    </div>
  );
}

function TokenRow({ token, onOutcome }: { token: ApiToken; onOutcome: (o: { ok: boolean; text: string }) => void }) {
  const { t, locale } = useI18n();
  const { revoke } = useApiTokenActions();
  const [confirming, setConfirming] = useState(false);
  const state = token.revoked_at ? 'revoked' : token.active ? 'active' : 'expired';

  const run = () => {
    revoke.mutate(token.id, {
      onSuccess: () => {
        setConfirming(false);
        onOutcome({ ok: true, text: t('tokens.revoked', { name: token.name }) });
      },
      onError: (error) => {
        const { key, params, detail } = describeError(error);
        onOutcome({ ok: false, text: `${token.name}: ${detail ? `${t(key, params)} ${detail}` : t(key, params)}` });
      },
    });
  };

  return (
    <tr className={token.active ? undefined : 'row-inactive'}>
      <th scope="row">{token.name}</th>
      <td data-label={t('tokens.prefix')}>
        <code>{token.prefix}…</code>
      </td>
      <td data-label={t('tokens.scopes')}>
        <ul className="scope-list">
          {token.scopes.map((scope) => (
            <li key={scope}>
              <code>{scope}</code>
            </li>
          ))}
        </ul>
      </td>
      <td data-label={t('tokens.event')}>{token.event ?? t('tokens.allEvents')}</td>
      <td data-label={t('tokens.expires')}>{token.expires_at ? formatStamp(token.expires_at, locale) : t('tokens.never')}</td>
      <td data-label={t('tokens.lastUsed')}>{token.last_used_at ? formatStamp(token.last_used_at, locale) : t('tokens.unused')}</td>
      <td data-label={t('tokens.state')}>
        <span className={`chip token-${state}`}>{t(`tokens.state.${state}`)}</span>
        {token.revoked_at ? <span className="muted small"> {formatStamp(token.revoked_at, locale)}</span> : null}
      </td>
      <td>
        {token.revoked_at ? null : confirming ? (
          <div className="row-actions confirm" role="group" aria-label={t('tokens.confirmRevoke', { name: token.name })}>
            <span className="small">{t('tokens.confirmRevoke', { name: token.name })}</span>
            <button type="button" className="button button-danger button-small" disabled={revoke.isPending} onClick={run}>
              {t('tokens.revokeYes')}
            </button>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => {
                setConfirming(false);
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="button button-secondary button-small"
            aria-label={`${t('tokens.revoke')}: ${token.name}`}
            onClick={() => {
              setConfirming(true);
            }}
          >
            {t('tokens.revoke')}
          </button>
        )}
      </td>
    </tr>
  );
}

interface Draft {
  name: string;
  scopes: Scope[];
  event: string;
  expiresAt: string;
}

const EMPTY: Draft = { name: '', scopes: [], event: '', expiresAt: '' };

function toCreate(draft: Draft): CreateApiToken {
  const expires = localInputToIso(draft.expiresAt);
  return {
    name: draft.name.trim(),
    scopes: draft.scopes,
    ...(draft.event.trim() ? { event: draft.event.trim() } : {}),
    ...(expires ? { expires_at: expires } : {}),
  };
}

function CreateTokenForm() {
  const { t } = useI18n();
  const { create } = useApiTokenActions();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [open, setOpen] = useState(false);
  const error = create.error;
  const fieldErrors = error instanceof ApiError && error.status === 422 ? error.fieldErrors : new Map<string, string>();
  const errorFor = (name: string) => errorForField(fieldErrors, name);
  const others = otherFieldErrors(fieldErrors, ['name', 'scopes', 'event', 'expires_at']);

  const update = (changes: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...changes }));
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCreated(null);
    create.mutate(toCreate(draft), {
      onSuccess: (token) => {
        setCreated(token);
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
    <section aria-labelledby="token-create-heading" className="create-box">
      {created ? (
        <SecretOnce
          title={t('tokens.createdTitle', { name: created.name })}
          secret={created.secret}
          onDone={() => {
            setCreated(null);
          }}
        />
      ) : null}
      <details
        className="card"
        open={open || Boolean(error) || undefined}
        onToggle={(e) => {
          setOpen(e.currentTarget.open);
        }}
      >
        <summary>
          <h2 id="token-create-heading">{t('tokens.create')}</h2>
        </summary>
        <form className="form" onSubmit={onSubmit} noValidate>
          {field('tk-name', 'name', t('tokens.name'), (describedBy) => (
            <input
              id="tk-name"
              required
              maxLength={100}
              value={draft.name}
              aria-invalid={errorFor('name') ? true : undefined}
              aria-describedby={describedBy}
              onChange={(e) => {
                update({ name: e.target.value });
              }}
            />
          ), t('tokens.nameHint'))}
          <fieldset className={errorFor('scopes') ? 'field-invalid' : undefined} aria-describedby={errorFor('scopes') ? 'tk-scopes-error' : undefined}>
            <legend>{t('tokens.scopes')}</legend>
            <div className="checkbox-grid">
              {SCOPES.map((scope) => (
                <label key={scope} className="checkbox-field">
                  <input
                    type="checkbox"
                    checked={draft.scopes.includes(scope)}
                    onChange={(e) => {
                      update({
                        scopes: e.target.checked
                          ? SCOPES.filter((s) => s === scope || draft.scopes.includes(s))
                          : draft.scopes.filter((s) => s !== scope),
                      });
                    }}
                  />
                  <code>{scope}</code>
                </label>
              ))}
            </div>
            {errorFor('scopes') ? (
              <span className="field-error" id="tk-scopes-error">
                {errorFor('scopes')}
              </span>
            ) : null}
          </fieldset>
          <div className="grid-2">
            {field('tk-event', 'event', t('tokens.eventSlug'), (describedBy) => (
              <input
                id="tk-event"
                maxLength={100}
                placeholder="harbin-2026"
                value={draft.event}
                aria-invalid={errorFor('event') ? true : undefined}
                aria-describedby={describedBy}
                onChange={(e) => {
                  update({ event: e.target.value });
                }}
              />
            ), t('tokens.eventHint'))}
            {field('tk-expires', 'expires_at', t('tokens.expiresAt'), (describedBy) => (
              <input
                id="tk-expires"
                type="datetime-local"
                value={draft.expiresAt}
                aria-invalid={errorFor('expires_at') ? true : undefined}
                aria-describedby={describedBy}
                onChange={(e) => {
                  update({ expiresAt: e.target.value });
                }}
              />
            ), t('tokens.expiresHint'))}
          </div>
          <div className="form-footer" aria-live="polite">
            {error && !(error instanceof ApiError && error.status === 422) ? <ErrorMessage error={error} /> : null}
            {error instanceof ApiError && error.status === 422 ? (
              <div className="state state-error" role="alert">
                <p>
                  <strong>{t('error.422')}</strong>
                </p>
                {others.length > 0 ? (
                  <ul>
                    {others.map(([name, message]) => (
                      <li key={name}>
                        {name}: {message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
            <button type="submit" className="button" disabled={create.isPending}>
              {create.isPending ? t('adminP.submitting') : t('tokens.submit')}
            </button>
          </div>
        </form>
      </details>
    </section>
  );
}
