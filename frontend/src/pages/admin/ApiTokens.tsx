import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PER_PAGE, useApiTokenActions, useApiTokens } from '../../api/integrations';
import { describeError } from '../../api/problem';
import type { ApiToken, CreateApiToken, CreatedApiToken, Scope } from '../../api/types';
import { Confirm } from '../../components/Confirm';
import { DataTable } from '../../components/DataTable';
import { CheckboxGroup, CreatePanel, Field, FormFooter } from '../../components/FormParts';
import { SecretOnce } from '../../components/SecretOnce';
import { useSecretCreation } from '../../components/useSecretCreation';
import { OutcomeFlash } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import { formErrors } from '../../lib/fieldErrors';
import { formatStamp, localInputToIso, pageParam, SCOPES } from '../../lib/integrations';

/** API tokens for partner systems (admins): the list, a new token with its secret once, revocation. */
export function ApiTokens() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = pageParam(params.get('page'));
  const list = useApiTokens(page);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const total = list.data?.total ?? 0;

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
        <OutcomeFlash outcome={outcome} />
        {total > 0 ? <p className="muted">{total === 1 ? t('tokens.countOne') : t('tokens.count', { count: total })}</p> : null}
        <DataTable
          query={list}
          items={list.data?.items}
          caption={t('tokens.list')}
          className="tokens-table"
          empty={t('tokens.empty')}
          columns={[
            t('tokens.name'),
            t('tokens.prefix'),
            t('tokens.scopes'),
            t('tokens.event'),
            t('tokens.expires'),
            t('tokens.lastUsed'),
            t('tokens.state'),
            t('apps.actions'),
          ]}
          row={(token) => <TokenRow key={token.id} token={token} onOutcome={setOutcome} />}
          paging={{
            page,
            total,
            perPage: PER_PAGE,
            onPage: (next) => {
              setParams({ page: String(next) });
            },
          }}
        />
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
          <Confirm
            question={t('tokens.confirmRevoke', { name: token.name })}
            yes={t('tokens.revokeYes')}
            busy={revoke.isPending}
            onYes={run}
            onCancel={() => {
              setConfirming(false);
            }}
          />
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
  const { draft, update, open, setOpen, created, dismiss, onSubmit } = useSecretCreation<
    Draft,
    CreateApiToken,
    CreatedApiToken
  >(
    EMPTY,
    toCreate,
    create.mutate,
  );
  const { errorFor, others } = formErrors(create.error, ['name', 'scopes', 'event', 'expires_at']);


  return (
    <section aria-labelledby="token-create-heading" className="create-box">
      {created ? (
        <SecretOnce
          title={t('tokens.createdTitle', { name: created.name })}
          secret={created.secret}
          onDone={dismiss}
        />
      ) : null}
      <CreatePanel id="token-create-heading" title={t('tokens.create')} open={open} onOpenChange={setOpen} failed={Boolean(create.error)}>
        <form className="form" onSubmit={onSubmit} noValidate>
          <Field id="tk-name" label={t('tokens.name')} error={errorFor('name')} hint={t('tokens.nameHint')}>
            {(props) => (
              <input
                {...props}
                required
                maxLength={100}
                value={draft.name}
                onChange={(e) => {
                  update({ name: e.target.value });
                }}
              />
            )}
          </Field>
          <CheckboxGroup
            id="tk-scopes"
            legend={t('tokens.scopes')}
            options={SCOPES}
            value={draft.scopes}
            error={errorFor('scopes')}
            label={(scope) => <code>{scope}</code>}
            onChange={(scopes: Scope[]) => {
              update({ scopes });
            }}
          />
          <div className="grid-2">
            <Field id="tk-event" label={t('tokens.eventSlug')} error={errorFor('event')} hint={t('tokens.eventHint')}>
              {(props) => (
                <input
                  {...props}
                  maxLength={100}
                  placeholder="harbin-2026"
                  value={draft.event}
                  onChange={(e) => {
                    update({ event: e.target.value });
                  }}
                />
              )}
            </Field>
            <Field id="tk-expires" label={t('tokens.expiresAt')} error={errorFor('expires_at')} hint={t('tokens.expiresHint')}>
              {(props) => (
                <input
                  {...props}
                  type="datetime-local"
                  value={draft.expiresAt}
                  onChange={(e) => {
                    update({ expiresAt: e.target.value });
                  }}
                />
              )}
            </Field>
          </div>
          <FormFooter error={create.error} others={others} pending={create.isPending} submit={t('tokens.submit')} submitting={t('adminP.submitting')} />
        </form>
      </CreatePanel>
    </section>
  );
}
