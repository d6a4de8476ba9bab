import { useState, type SubmitEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useLinkActions } from '../api/people';
import { ApiError } from '../api/problem';
import { FormProblem } from '../components/FormParts';
import { NewPassword } from '../components/NewPassword';
import { useI18n } from '../i18n/context';
import { formErrors } from '../lib/fieldErrors';
import { tokenFromHash } from '../lib/linkToken';
import { checkNewPassword, type PasswordProblem } from '../lib/people';

/**
 * Choosing a new password with a mailed reset link (`/reset-password#token=…`). Done, the
 * page says to sign in with it (and the spent link leaves the address bar); an unknown (404)
 * or spent (410) link offers to ask for a new one.
 */
export function ResetPassword() {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const token = tokenFromHash(location.hash);
  const { confirmReset } = useLinkActions();
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [problem, setProblem] = useState<PasswordProblem>(null);
  const [done, setDone] = useState(false);
  const { errorFor, others } = formErrors(confirmReset.error, ['password']);
  const status = confirmReset.error instanceof ApiError ? confirmReset.error.status : null;

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (token === null) return;
    const found = checkNewPassword('rp', password, repeated);
    setProblem(found);
    if (found) return;
    confirmReset.mutate(
      { token, password },
      {
        onSuccess: () => {
          setDone(true);
          setPassword('');
          setRepeated('');
          void navigate({ pathname: location.pathname, hash: '' }, { replace: true });
        },
      },
    );
  };

  const askAgain = (
    <p className="link-row">
      <Link to="/forgot-password">{t('reset.askAgain')}</Link>
      <Link to="/login">{t('forgot.back')}</Link>
    </p>
  );

  let body;
  if (done) {
    body = (
      <>
        <h1>{t('reset.title')}</h1>
        <div className="state state-ok" role="status">
          <p>
            <strong>{t('reset.done')}</strong>
          </p>
          <p>{t('reset.doneText')}</p>
        </div>
        <Link to="/login" className="button button-wide">
          {t('reset.signIn')}
        </Link>
      </>
    );
  } else if (token === null) {
    body = (
      <div role="alert">
        <h1>{t('reset.noToken')}</h1>
        <p>{t('reset.noTokenText')}</p>
        {askAgain}
      </div>
    );
  } else if (status === 404 || status === 410) {
    body = (
      <div role="alert">
        <h1>{status === 404 ? t('reset.unknown') : t('reset.gone')}</h1>
        <p>{status === 404 ? t('reset.unknownText') : t('reset.goneText')}</p>
        {askAgain}
      </div>
    );
  } else {
    body = (
      <>
        <h1>{t('reset.title')}</h1>
        <p className="muted">{t('reset.intro')}</p>
        <form className="form" onSubmit={onSubmit} noValidate>
          <NewPassword
            id="rp"
            password={password}
            repeated={repeated}
            onPassword={setPassword}
            onRepeated={setRepeated}
            problem={problem}
            apiError={errorFor('password')}
          />
          <div className="form-footer" aria-live="polite">
            <FormProblem error={confirmReset.error} others={others} />
            <button type="submit" className="button button-wide" disabled={confirmReset.isPending}>
              {confirmReset.isPending ? t('adminP.submitting') : t('reset.submit')}
            </button>
          </div>
        </form>
      </>
    );
  }

  return (
    <div className="page narrow">
      <div className="card login-card link-card">{body}</div>
    </div>
  );
}
