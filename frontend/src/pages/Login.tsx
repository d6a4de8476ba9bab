import { useState, type SubmitEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/problem';
import { homeOf, useAuth } from '../api/context';
import { ErrorMessage } from '../components/Status';
import { useI18n } from '../i18n/context';

/** Only paths inside the app may follow a sign-in, never another site. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Sign-in with e-mail and password; afterwards, back to where the user was going. */
export function Login() {
  const { t } = useI18n();
  const { session, me, signIn } = useAuth();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (session && me) {
    const next = params.get('next');
    if (next) return <Navigate to={safeNext(next)} replace />;
    return <Navigate to={homeOf(me.role)} replace />;
  }

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    signIn(email.trim(), password)
      .catch((e: unknown) => {
        setError(e);
      })
      .finally(() => {
        setBusy(false);
      });
  };

  const wrongCredentials = error instanceof ApiError && error.status === 401;

  return (
    <div className="page narrow">
      <div className="card login-card">
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <form onSubmit={onSubmit} className="form" noValidate>
          <div className="field">
            <label htmlFor="login-email">{t('login.email')}</label>
            <input
              id="login-email"
              type="email"
              autoComplete="username"
              required
              value={email}
              aria-invalid={wrongCredentials || undefined}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              aria-invalid={wrongCredentials || undefined}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
            />
          </div>
          {wrongCredentials ? (
            <p className="state state-error" role="alert">
              {t('login.failed')}
            </p>
          ) : error ? (
            <ErrorMessage error={error} />
          ) : null}
          <button type="submit" className="button button-wide" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p className="login-links">
          <Link to="/forgot-password" state={{ email: email.trim() }}>
            {t('login.forgot')}
          </Link>
        </p>
      </div>
    </div>
  );
}
