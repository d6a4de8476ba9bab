import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { ApiError, PROBLEM } from '../api/problem';
import { homeOf, useAuth } from '../api/context';
import { ErrorMessage } from '../components/Status';
import { useI18n } from '../i18n/context';

/** Only paths inside the app may follow a sign-in, never another site. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/**
 * Sign-in with e-mail and password; afterwards, back to where the user was going. An account
 * with two-factor sign-in is asked, in a second step, for a code from its app (or a recovery
 * code); the address and password are sent again with it.
 */
export function Login() {
  const { t } = useI18n();
  const { session, me, signIn } = useAuth();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [codeMissing, setCodeMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const codeInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (step === 'code') codeInput.current?.focus();
  }, [step]);

  if (session && me) {
    const next = params.get('next');
    if (next) return <Navigate to={safeNext(next)} replace />;
    return <Navigate to={homeOf(me.role)} replace />;
  }

  const send = (second?: string) => {
    setBusy(true);
    setError(null);
    signIn(email.trim(), password, second)
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401 && e.is(PROBLEM.secondFactorRequired)) {
          // The password was right: the account also needs its second factor.
          setStep('code');
          return;
        }
        setError(e);
        if (second !== undefined) {
          setCode('');
          codeInput.current?.focus();
        }
      })
      .finally(() => {
        setBusy(false);
      });
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    send();
  };

  const onSubmitCode = (event: SubmitEvent) => {
    event.preventDefault();
    const typed = code.trim();
    setCodeMissing(typed === '');
    if (typed === '') {
      codeInput.current?.focus();
      return;
    }
    send(typed);
  };

  const startAgain = () => {
    setStep('password');
    setPassword('');
    setCode('');
    setCodeMissing(false);
    setError(null);
  };

  const unauthorized = error instanceof ApiError && error.status === 401;

  if (step === 'code') {
    const codeError = codeMissing ? t('login.codeMissing') : unauthorized ? t('login.codeWrong') : null;
    return (
      <div className="page narrow">
        <div className="card login-card">
          <h1>{t('login.codeTitle')}</h1>
          <p className="muted">{t('login.codeIntro', { email: email.trim() })}</p>
          <form onSubmit={onSubmitCode} className="form" noValidate aria-label={t('login.codeTitle')}>
            <div className={codeError ? 'field field-invalid' : 'field'}>
              <label htmlFor="login-code">{t('login.code')}</label>
              <input
                id="login-code"
                ref={codeInput}
                className="code-input"
                type="text"
                inputMode="text"
                autoComplete="one-time-code"
                autoCapitalize="off"
                spellCheck={false}
                maxLength={32}
                required
                value={code}
                aria-invalid={codeError ? true : undefined}
                aria-describedby={codeError ? 'login-code-hint login-code-error' : 'login-code-hint'}
                onChange={(event) => {
                  setCode(event.target.value);
                  setCodeMissing(false);
                }}
              />
              <span className="hint" id="login-code-hint">
                {t('login.codeHint')}
              </span>
              {codeError ? (
                <span className="field-error" id="login-code-error" role="alert">
                  {codeError}
                </span>
              ) : null}
            </div>
            {error && !unauthorized ? <ErrorMessage error={error} /> : null}
            <button type="submit" className="button button-wide" disabled={busy}>
              {busy ? t('login.submitting') : t('login.codeSubmit')}
            </button>
          </form>
          <p className="login-links">
            <button type="button" className="button-link" onClick={startAgain}>
              {t('login.codeBack')}
            </button>
          </p>
        </div>
      </div>
    );
  }

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
              aria-invalid={unauthorized || undefined}
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
              aria-invalid={unauthorized || undefined}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
            />
          </div>
          {unauthorized ? (
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
