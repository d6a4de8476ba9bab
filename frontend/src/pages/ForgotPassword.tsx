import { useState, type SubmitEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useLinkActions } from '../api/people';
import { ApiError } from '../api/problem';
import { ErrorMessage } from '../components/Status';
import { useI18n } from '../i18n/context';
import { waitOf } from '../lib/people';

/** The address typed on the sign-in page, handed over so that it need not be typed again. */
function emailFrom(state: unknown): string {
  return typeof state === 'object' && state !== null && 'email' in state && typeof state.email === 'string'
    ? state.email
    : '';
}

/**
 * "Forgot your password?": an address in, always the same answer out (whether an account
 * has it is nobody's business here); too many asks say how long to wait.
 */
export function ForgotPassword() {
  const { t } = useI18n();
  const location = useLocation();
  const { requestReset } = useLinkActions();
  const [email, setEmail] = useState(() => emailFrom(location.state));
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const address = email.trim();
    setMissing(!address.includes('@'));
    if (!address.includes('@')) {
      document.getElementById('fp-email')?.focus();
      return;
    }
    setSentTo(null);
    requestReset.mutate(address, {
      onSuccess: () => {
        setSentTo(address);
      },
    });
  };

  const error = requestReset.error;
  const throttled = error instanceof ApiError && error.status === 429;
  const wait = throttled && error.retryAfter !== null ? waitOf(error.retryAfter) : null;

  return (
    <div className="page narrow">
      <div className="card login-card link-card">
        <h1>{t('forgot.title')}</h1>
        {sentTo ? (
          <div className="state state-ok" role="status">
            <p>
              <strong>{t('forgot.sentTitle')}</strong>
            </p>
            <p>{t('forgot.sent', { email: sentTo })}</p>
            <p className="link-row">
              <Link to="/login">{t('forgot.back')}</Link>
              <button
                type="button"
                className="button-link"
                onClick={() => {
                  setSentTo(null);
                  requestReset.reset();
                }}
              >
                {t('forgot.again')}
              </button>
            </p>
          </div>
        ) : (
          <>
            <p className="muted">{t('forgot.intro')}</p>
            <form className="form" onSubmit={onSubmit} noValidate>
              <div className={missing ? 'field field-invalid' : 'field'}>
                <label htmlFor="fp-email">{t('login.email')}</label>
                <input
                  id="fp-email"
                  type="email"
                  autoComplete="username"
                  required
                  value={email}
                  aria-invalid={missing || undefined}
                  aria-describedby={missing ? 'fp-email-error' : undefined}
                  onChange={(e) => {
                    setEmail(e.target.value);
                  }}
                />
                {missing ? (
                  <span className="field-error" id="fp-email-error">
                    {t('forgot.emailMissing')}
                  </span>
                ) : null}
              </div>
              {throttled ? (
                <p className="state state-error" role="alert">
                  {wait ? t(`forgot.wait.${wait.unit}`, { count: wait.count }) : t('error.429')}
                </p>
              ) : error ? (
                <ErrorMessage error={error} />
              ) : null}
              <button type="submit" className="button button-wide" disabled={requestReset.isPending}>
                {requestReset.isPending ? t('forgot.submitting') : t('forgot.submit')}
              </button>
            </form>
            <p className="link-row">
              <Link to="/login">{t('forgot.back')}</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
