import { useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useSaveSecuritySettings, useSecuritySettings } from '../../api/account';
import { useAuth } from '../../api/context';
import { PEOPLE_PER_PAGE, useUserActions, useUsers } from '../../api/people';
import { ApiError, describeError } from '../../api/problem';
import type { Account, AccountChanges, UserListQuery } from '../../api/types';
import { Confirm } from '../../components/Confirm';
import { DataTable } from '../../components/DataTable';
import { CreatePanel, Field, FormFooter } from '../../components/FormParts';
import { ErrorMessage, Loading, OutcomeFlash, type Outcome } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import { formErrors } from '../../lib/fieldErrors';
import { formatStamp, pageParam } from '../../lib/integrations';
import {
  ACCOUNT_ROLES,
  ACCOUNT_STATUSES,
  isAccountStatus,
  isMailLanguage,
  isRole,
  isStaffRole,
  MAIL_LANGUAGES,
  STAFF_ROLES,
  type MailLanguage,
  type StaffRole,
} from '../../lib/people';

function useErrorText() {
  const { t } = useI18n();
  return (error: unknown): string => {
    const { key, params, detail } = describeError(error);
    return detail ? `${t(key, params)} ${detail}` : t(key, params);
  };
}

/**
 * User management (admins): every account that signs in, filtered by role, state and a
 * search; organizer and admin accounts created here (invited by mail); per account its
 * role (staff accounts only), deactivation and reactivation (asked first), a new
 * invitation while it is still invited, and a reset of a lost second factor. Above the
 * list, whether staff must use two-factor sign-in.
 */
export function Users() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = pageParam(params.get('page'));
  const role = params.get('role');
  const status = params.get('status');
  const q = params.get('q')?.trim() ?? '';
  const query: UserListQuery = {
    page,
    per_page: PEOPLE_PER_PAGE,
    ...(isRole(role) ? { role } : {}),
    ...(isAccountStatus(status) ? { status } : {}),
    ...(q ? { q } : {}),
  };
  const list = useUsers(query);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const total = list.data?.total ?? 0;

  const onFilter = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ['role', 'status', 'q']) {
      const value = form.get(name);
      if (typeof value === 'string' && value.trim()) next.set(name, value.trim());
    }
    setParams(next);
  };

  /** Shows one account by its address (the 409 of a creation names one that exists). */
  const showAddress = (email: string) => {
    setParams(new URLSearchParams({ q: email }));
  };

  return (
    <div className="page wide integrations people">
      <div className="page-head">
        <div>
          <h1>{t('users.title')}</h1>
          <p className="lead">{t('users.intro')}</p>
        </div>
      </div>

      <StaffTwoFactor />

      <CreateUserForm onShow={showAddress} onCreated={setOutcome} />

      <section aria-labelledby="users-list-heading">
        <h2 id="users-list-heading">{t('users.list')}</h2>
        <form className="filters users-filters" aria-label={t('users.filters')} onSubmit={onFilter} key={params.toString()}>
          <div className="field">
            <label htmlFor="us-role">{t('users.role')}</label>
            <select id="us-role" name="role" defaultValue={isRole(role) ? role : ''}>
              <option value="">{t('adminP.any')}</option>
              {ACCOUNT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`users.roleName.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="us-status">{t('users.status')}</label>
            <select id="us-status" name="status" defaultValue={isAccountStatus(status) ? status : ''}>
              <option value="">{t('adminP.any')}</option>
              {ACCOUNT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`users.state.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="us-q">{t('users.search')}</label>
            <input id="us-q" name="q" type="search" defaultValue={q} />
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
        <OutcomeFlash outcome={outcome} />
        {list.data ? <p className="muted">{total === 1 ? t('users.countOne') : t('users.count', { count: total })}</p> : null}
        <DataTable
          query={list}
          items={list.data?.items}
          caption={t('users.list')}
          className="users-table"
          empty={t('users.empty')}
          columns={[
            t('users.name'),
            t('users.role'),
            t('users.status'),
            t('users.boundTo'),
            t('users.language'),
            t('users.twoFactor'),
            t('users.created'),
            t('apps.actions'),
          ]}
          row={(account) => <UserRow key={account.id} account={account} onOutcome={setOutcome} />}
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

/** What the row asks before doing it. */
type Pending = { kind: 'role'; to: StaffRole } | { kind: 'status'; to: 'active' | 'deactivated' } | { kind: 'twoFactor' };

function UserRow({ account, onOutcome }: { account: Account; onOutcome: (o: Outcome) => void }) {
  const { t, locale } = useI18n();
  const { me } = useAuth();
  const errorText = useErrorText();
  const { update, resendInvitation } = useUserActions();
  const [asking, setAsking] = useState<Pending | null>(null);
  const name = account.display_name;
  const self = me?.id === account.id;
  const staff = isStaffRole(account.role) && !account.bound_to;
  const otherRole: StaffRole = account.role === 'admin' ? 'organizer' : 'admin';
  const busy = update.isPending || resendInvitation.isPending;

  const change = (changes: AccountChanges, done: (next: Account) => string) => {
    onOutcome(null);
    update.mutate(
      { account, changes },
      {
        onSuccess: (next) => {
          setAsking(null);
          onOutcome({ ok: true, text: done(next) });
        },
        onError: (error) => {
          setAsking(null);
          onOutcome({ ok: false, text: `${name}: ${errorText(error)}` });
        },
      },
    );
  };

  const resend = () => {
    onOutcome(null);
    resendInvitation.mutate(account.id, {
      onSuccess: () => {
        onOutcome({ ok: true, text: t('users.resent', { email: account.email }) });
      },
      onError: (error) => {
        onOutcome({ ok: false, text: `${name}: ${errorText(error)}` });
      },
    });
  };

  let confirm = null;
  if (asking?.kind === 'role') {
    confirm = (
      <Confirm
        question={t('users.confirmRole', { name, role: t(`role.${asking.to}`) })}
        detail={asking.to === 'admin' ? t('users.confirmAdminDetail') : t('users.confirmOrganizerDetail')}
        yes={t('users.roleYes')}
        busy={update.isPending}
        onYes={() => {
          change({ role: asking.to }, (next) => t('users.roleChanged', { name, role: t(`users.roleName.${next.role}`) }));
        }}
        onCancel={() => {
          setAsking(null);
        }}
      />
    );
  } else if (asking?.kind === 'status') {
    const deactivating = asking.to === 'deactivated';
    confirm = (
      <Confirm
        question={deactivating ? t('users.confirmDeactivate', { name }) : t('users.confirmReactivate', { name })}
        detail={deactivating ? t('users.deactivateDetail') : t('users.reactivateDetail')}
        yes={deactivating ? t('users.deactivateYes') : t('users.reactivateYes')}
        busy={update.isPending}
        onYes={() => {
          change({ status: asking.to }, (next) => t('users.statusChanged', { name, status: t(`users.state.${next.status}`) }));
        }}
        onCancel={() => {
          setAsking(null);
        }}
      />
    );
  } else if (asking?.kind === 'twoFactor') {
    confirm = (
      <Confirm
        question={t('users.confirmResetTfa', { name })}
        detail={t('users.resetTfaDetail')}
        yes={t('users.resetTfaYes')}
        busy={update.isPending}
        onYes={() => {
          change({ reset_two_factor: true }, () => t('users.resetTfaDone', { name }));
        }}
        onCancel={() => {
          setAsking(null);
        }}
      />
    );
  }

  return (
    <tr className={account.status === 'deactivated' ? 'row-inactive' : undefined}>
      <th scope="row" className="account-cell">
        <span className="cell-name">{name}</span>
        <span className="cell-sub account-email">{account.email}</span>
        {self ? <span className="chip chip-self">{t('users.you')}</span> : null}
      </th>
      <td data-label={t('users.role')}>{t(`users.roleName.${account.role}`)}</td>
      <td data-label={t('users.status')}>
        <span className={`chip account-${account.status}`}>{t(`users.state.${account.status}`)}</span>
      </td>
      <td data-label={t('users.boundTo')}>
        <Binding account={account} />
      </td>
      <td data-label={t('users.language')}>{isMailLanguage(account.language) ? t(`users.lang.${account.language}`) : account.language}</td>
      <td data-label={t('users.twoFactor')}>
        {account.two_factor ? (
          <span className="chip account-active">{t('users.tfa.on')}</span>
        ) : (
          <span className="chip chip-off">{t('users.tfa.off')}</span>
        )}
      </td>
      <td data-label={t('users.created')}>{formatStamp(account.created_at, locale)}</td>
      <td className="actions-cell">
        {confirm ?? (
          <div className="row-actions">
            {staff && !self ? (
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={busy}
                aria-label={`${t(`users.makeRole.${otherRole}`)}: ${name}`}
                onClick={() => {
                  setAsking({ kind: 'role', to: otherRole });
                }}
              >
                {t(`users.makeRole.${otherRole}`)}
              </button>
            ) : null}
            {account.status === 'invited' ? (
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={busy}
                aria-label={`${t('users.resend')}: ${name}`}
                onClick={resend}
              >
                {t('users.resend')}
              </button>
            ) : null}
            {account.two_factor && !self ? (
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={busy}
                aria-label={`${t('users.resetTfa')}: ${name}`}
                onClick={() => {
                  setAsking({ kind: 'twoFactor' });
                }}
              >
                {t('users.resetTfa')}
              </button>
            ) : null}
            {self ? null : account.status === 'deactivated' ? (
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={busy}
                aria-label={`${t('users.reactivate')}: ${name}`}
                onClick={() => {
                  setAsking({ kind: 'status', to: 'active' });
                }}
              >
                {t('users.reactivate')}
              </button>
            ) : (
              <button
                type="button"
                className="button button-secondary button-small button-danger-outline"
                disabled={busy}
                aria-label={`${t('users.deactivate')}: ${name}`}
                onClick={() => {
                  setAsking({ kind: 'status', to: 'deactivated' });
                }}
              >
                {t('users.deactivate')}
              </button>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}

/**
 * Whether organizers and administrators must use two-factor sign-in. The API refuses to
 * require it (409) of an admin who does not use it: nobody locks themself out.
 */
function StaffTwoFactor() {
  const { t } = useI18n();
  const settings = useSecuritySettings();
  const save = useSaveSecuritySettings();
  const [draft, setDraft] = useState<boolean | null>(null);
  const [saved, setSaved] = useState<boolean | null>(null);
  const stored = settings.data?.require_staff_two_factor;
  const value = draft ?? stored ?? false;
  const selfFirst = save.error instanceof ApiError && save.error.status === 409;

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(null);
    save.mutate(
      { require_staff_two_factor: value },
      {
        onSuccess: (next) => {
          setDraft(null);
          setSaved(next.require_staff_two_factor);
        },
      },
    );
  };

  return (
    <section className="card staff-tfa" aria-labelledby="staff-tfa-heading">
      <h2 id="staff-tfa-heading">{t('tfa.staffTitle')}</h2>
      <p className="muted">{t('tfa.staffIntro')}</p>
      {settings.isPending ? <Loading /> : null}
      {settings.isError ? <ErrorMessage error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {settings.data ? (
        <form className="form" onSubmit={onSubmit} noValidate aria-label={t('tfa.staffTitle')}>
          <div className="checkbox-field">
            <input
              id="staff-tfa-required"
              type="checkbox"
              checked={value}
              onChange={(e) => {
                setSaved(null);
                save.reset();
                setDraft(e.target.checked);
              }}
            />
            <label htmlFor="staff-tfa-required">{t('tfa.requireLabel')}</label>
          </div>
          <div className="form-footer" aria-live="polite">
            {selfFirst ? (
              <div className="state state-error" role="alert">
                <p>
                  <strong>{t('tfa.requireSelfFirst')}</strong>
                </p>
                <Link to="/account/security">{t('tfa.requireSelfLink')}</Link>
              </div>
            ) : save.error ? (
              <ErrorMessage error={save.error} />
            ) : null}
            {saved === null ? null : (
              <p className="state state-ok" role="status">
                {saved ? t('tfa.requireSaved.on') : t('tfa.requireSaved.off')}
              </p>
            )}
            <button type="submit" className="button" disabled={save.isPending || value === stored}>
              {save.isPending ? t('adminP.submitting') : t('tfa.requireSave')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** The delegate or exhibitor an account acts for, linked to where organizers find it. */
function Binding({ account }: { account: Account }) {
  const { t } = useI18n();
  const bound = account.bound_to;
  if (!bound) return <span className="muted">{t('users.unbound')}</span>;
  const name = bound.name || `#${String(bound.id)}`;
  if (bound.kind === 'delegate') {
    return (
      <>
        <span className="muted small block">{t('users.kind.delegate')}</span>
        <Link to={`/admin/accreditation?q=${encodeURIComponent(name)}`}>{name}</Link>
      </>
    );
  }
  if (bound.kind === 'exhibitor') {
    return (
      <>
        <span className="muted small block">{t('users.kind.exhibitor')}</span>
        <Link to={`/expo/exhibitors/${String(bound.id)}`}>{name}</Link>
      </>
    );
  }
  return (
    <>
      {bound.kind} {name}
    </>
  );
}

interface Draft {
  email: string;
  displayName: string;
  role: StaffRole;
  language: MailLanguage;
}

const EMPTY: Draft = { email: '', displayName: '', role: 'organizer', language: 'en' };

function CreateUserForm({ onShow, onCreated }: { onShow: (email: string) => void; onCreated: (o: Outcome) => void }) {
  const { t } = useI18n();
  const { create } = useUserActions();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [open, setOpen] = useState(false);
  const { errorFor, others } = formErrors(create.error, ['email', 'display_name', 'role', 'language']);
  const update = (changes: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...changes }));
  };
  const taken = create.error instanceof ApiError && create.error.status === 409 ? create.error : null;
  const takenEmail = create.variables?.email ?? draft.email.trim();

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onCreated(null);
    create.mutate(
      { email: draft.email.trim(), display_name: draft.displayName.trim(), role: draft.role, language: draft.language },
      {
        onSuccess: (account) => {
          setDraft(EMPTY);
          setOpen(false);
          onCreated({ ok: true, text: t('users.created.ok', { email: account.email }) });
        },
      },
    );
  };

  return (
    <section aria-labelledby="user-create-heading" className="create-box">
      <CreatePanel
        id="user-create-heading"
        title={t('users.create')}
        open={open}
        onOpenChange={setOpen}
        failed={Boolean(create.error)}
      >
        <p className="muted">{t('users.createIntro')}</p>
        <form className="form" onSubmit={onSubmit} noValidate>
          <div className="grid-2">
            <Field id="uc-email" label={t('login.email')} error={errorFor('email')}>
              {(props) => (
                <input
                  {...props}
                  type="email"
                  required
                  maxLength={254}
                  autoComplete="off"
                  value={draft.email}
                  onChange={(e) => {
                    update({ email: e.target.value });
                  }}
                />
              )}
            </Field>
            <Field id="uc-name" label={t('users.displayName')} error={errorFor('display_name')}>
              {(props) => (
                <input
                  {...props}
                  required
                  maxLength={200}
                  autoComplete="off"
                  value={draft.displayName}
                  onChange={(e) => {
                    update({ displayName: e.target.value });
                  }}
                />
              )}
            </Field>
            <Field id="uc-role" label={t('users.role')} error={errorFor('role')} hint={t('users.roleHint')}>
              {(props) => (
                <select
                  {...props}
                  value={draft.role}
                  onChange={(e) => {
                    if (isStaffRole(e.target.value)) update({ role: e.target.value });
                  }}
                >
                  {STAFF_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`users.roleName.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="uc-language" label={t('users.mailLanguage')} error={errorFor('language')}>
              {(props) => (
                <select
                  {...props}
                  value={draft.language}
                  onChange={(e) => {
                    if (isMailLanguage(e.target.value)) update({ language: e.target.value });
                  }}
                >
                  {MAIL_LANGUAGES.map((l) => (
                    <option key={l} value={l}>
                      {t(`users.lang.${l}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          {taken ? (
            <div className="state state-error" role="alert">
              <p>
                <strong>{t('users.taken', { email: takenEmail })}</strong>
              </p>
              <p>{t('users.takenText')}</p>
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => {
                  onShow(takenEmail);
                  create.reset();
                  setDraft(EMPTY);
                  setOpen(false);
                }}
              >
                {t('users.showExisting')}
              </button>
            </div>
          ) : null}
          <FormFooter
            error={taken ? null : create.error}
            others={others}
            pending={create.isPending}
            submit={t('users.submit')}
            submitting={t('adminP.submitting')}
          />
        </form>
      </CreatePanel>
    </section>
  );
}
