import { useState, type ReactNode, type SubmitEvent } from 'react';
import { flushSync } from 'react-dom';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { homeOf, useAuth } from '../api/context';
import { useInvitationLookup, useLinkActions } from '../api/people';
import { ApiError } from '../api/problem';
import type { InvitationDetails } from '../api/types';
import { FormProblem } from '../components/FormParts';
import { NewPassword } from '../components/NewPassword';
import { ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { formErrors } from '../lib/fieldErrors';
import { tokenFromHash } from '../lib/linkToken';
import { checkNewPassword, type PasswordProblem } from '../lib/people';

/**
 * Accepting a mailed invitation (`/invitation#token=…`): who it is for, a password (with the
 * policy), a delegate's answer to the privacy consent; then the person is signed in, as by
 * the sign-in form, and lands on their home page. Unknown (404) and spent (410) links are
 * said in plain words.
 */
export function AcceptInvitation() {
  const { t } = useI18n();
  const location = useLocation();
  const token = tokenFromHash(location.hash);
  // Once accepted, the link is spent: the sign-in clears the cache, and the lookup must not
  // be asked again (it would answer 410) on the way to the person's home.
  const [accepted, setAccepted] = useState(false);
  const lookup = useInvitationLookup(accepted ? null : token);
  const { accept } = useLinkActions();

  const status = (error: unknown) => (error instanceof ApiError ? error.status : null);
  const gone = status(lookup.error) === 410 || status(accept.error) === 410;
  const unknown = status(lookup.error) === 404 || status(accept.error) === 404;

  let body;
  if (token === null) {
    body = <LinkProblem title={t('invite.noToken')} text={t('invite.noTokenText')} />;
  } else if (unknown) {
    body = <LinkProblem title={t('invite.unknown')} text={t('invite.unknownText')} />;
  } else if (gone) {
    body = (
      <LinkProblem title={t('invite.gone')} text={t('invite.goneText')}>
        <p className="link-row">
          <Link to="/login">{t('nav.signIn')}</Link>
          <Link to="/forgot-password">{t('login.forgot')}</Link>
        </p>
      </LinkProblem>
    );
  } else if (lookup.isPending || accepted) {
    body = <Loading />;
  } else if (lookup.isError) {
    body = (
      <>
        <h1>{t('invite.title')}</h1>
        <ErrorMessage error={lookup.error} onRetry={() => void lookup.refetch()} />
      </>
    );
  } else {
    body = (
      <AcceptForm
        token={token}
        details={lookup.data}
        accept={accept}
        onAccepted={() => {
          flushSync(() => {
            setAccepted(true);
          });
        }}
      />
    );
  }

  return (
    <div className="page narrow">
      <div className="card login-card link-card">{body}</div>
    </div>
  );
}

/** Why a mailed link cannot be used, and what to do instead. */
function LinkProblem({ title, text, children }: { title: string; text: string; children?: ReactNode }) {
  return (
    <div role="alert">
      <h1>{title}</h1>
      <p>{text}</p>
      {children}
    </div>
  );
}

function AcceptForm({
  token,
  details,
  accept,
  onAccepted,
}: {
  token: string;
  details: InvitationDetails;
  accept: ReturnType<typeof useLinkActions>['accept'];
  onAccepted: () => void;
}) {
  const { t } = useI18n();
  const { session, me, startSession } = useAuth();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [consent, setConsent] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<PasswordProblem>(null);
  const [consentMissing, setConsentMissing] = useState(false);
  const { errorFor, others } = formErrors(accept.error, ['password', 'consent_public_profile']);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = checkNewPassword('inv', password, repeated);
    setProblem(found);
    const missing = details.asks_consent && consent === null;
    setConsentMissing(missing);
    if (found) return;
    if (missing) {
      document.getElementById('inv-consent-yes')?.focus();
      return;
    }
    accept.mutate(
      { token, password, ...(details.asks_consent && consent !== null ? { consent_public_profile: consent } : {}) },
      {
        onSuccess: (pair) => {
          onAccepted();
          startSession(pair);
          void navigate(homeOf(details.role), { replace: true });
        },
      },
    );
  };

  const consentError = consentMissing ? t('invite.consentMissing') : errorFor('consent_public_profile');

  return (
    <>
      <h1>{t('invite.welcome', { name: details.display_name })}</h1>
      <p>{t('invite.intro')}</p>
      <dl className="invite-facts">
        <div>
          <dt>{t('login.email')}</dt>
          <dd>{details.email}</dd>
        </div>
        <div>
          <dt>{t('users.role')}</dt>
          <dd>{t(`users.roleName.${details.role}`)}</dd>
        </div>
      </dl>
      {session && me ? (
        <p className="flash flash-warn">{t('invite.signedInAs', { name: me.display_name, invitee: details.display_name })}</p>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        {/* For password managers: the account the new password belongs to. */}
        <input type="email" name="username" autoComplete="username" value={details.email} readOnly hidden />
        <NewPassword
          id="inv"
          password={password}
          repeated={repeated}
          onPassword={setPassword}
          onRepeated={setRepeated}
          problem={problem}
          apiError={errorFor('password')}
        />
        {details.asks_consent ? (
          <fieldset
            className={consentError ? 'consent-choice field-invalid' : 'consent-choice'}
            aria-describedby={consentError ? 'inv-consent-help inv-consent-error' : 'inv-consent-help'}
          >
            <legend>{t('invite.consentLegend')}</legend>
            <p id="inv-consent-help" className="hint">
              {t('invite.consentHelp')}
            </p>
            <label className="radio-field" htmlFor="inv-consent-yes">
              <input
                id="inv-consent-yes"
                type="radio"
                name="consent"
                checked={consent === true}
                aria-invalid={consentError ? true : undefined}
                onChange={() => {
                  setConsent(true);
                  setConsentMissing(false);
                }}
              />
              <span>{t('invite.consentYes')}</span>
            </label>
            <label className="radio-field" htmlFor="inv-consent-no">
              <input
                id="inv-consent-no"
                type="radio"
                name="consent"
                checked={consent === false}
                aria-invalid={consentError ? true : undefined}
                onChange={() => {
                  setConsent(false);
                  setConsentMissing(false);
                }}
              />
              <span>{t('invite.consentNo')}</span>
            </label>
            {consentError ? (
              <span className="field-error" id="inv-consent-error">
                {consentError}
              </span>
            ) : null}
          </fieldset>
        ) : null}
        <div className="form-footer" aria-live="polite">
          <FormProblem error={accept.error} others={others} />
          <button type="submit" className="button button-wide" disabled={accept.isPending}>
            {accept.isPending ? t('invite.submitting') : t('invite.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
