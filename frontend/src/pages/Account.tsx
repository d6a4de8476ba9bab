import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router-dom';
import { fetchMyData, useAskErasure, useNotifications, useSaveNotifications } from '../api/account';
import { isStaff, useApi, useAuth } from '../api/context';
import type { ErasureRequest, NotificationSettings } from '../api/types';
import { Confirm } from '../components/Confirm';
import { FormProblem } from '../components/FormParts';
import { ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { NOTIFICATION_KINDS, saveBlob } from '../lib/account';
import { formatStamp } from '../lib/integrations';

/**
 * "My account", for everyone who signs in: which mails they receive, their data as a file,
 * for staff the way to two-factor sign-in, and for delegates a request to be erased.
 */
export function Account() {
  const { t } = useI18n();
  const { me } = useAuth();
  if (!me) return <Loading />;
  return (
    <div className="page narrow account-page">
      <h1>{t('account.title')}</h1>
      <p className="lead">{t('account.intro', { email: me.email })}</p>
      {isStaff(me) ? (
        <section className="card account-section" aria-labelledby="account-security-heading">
          <h2 id="account-security-heading">{t('account.security')}</h2>
          <p>{t('account.securityIntro')}</p>
          <Link className="button button-secondary" to="/account/security">
            {t('account.securityLink')}
          </Link>
        </section>
      ) : null}
      <NotificationsForm />
      <MyData />
      {me.role === 'delegate' ? <AskErasure /> : null}
    </div>
  );
}

/** The mails a person may turn off; the ones always sent are said. */
export function NotificationsForm() {
  const { t } = useI18n();
  const settings = useNotifications();
  return (
    <section className="card account-section" aria-labelledby="account-notifications-heading">
      <h2 id="account-notifications-heading">{t('account.notifications')}</h2>
      <p>{t('account.notificationsIntro')}</p>
      {settings.isPending ? <Loading /> : null}
      {settings.isError ? <ErrorMessage error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {settings.data ? <NotificationChoices stored={settings.data} /> : null}
    </section>
  );
}

function NotificationChoices({ stored }: { stored: NotificationSettings }) {
  const { t } = useI18n();
  const save = useSaveNotifications();
  const [draft, setDraft] = useState<NotificationSettings>(stored);
  const [saved, setSaved] = useState(false);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    save.mutate(draft, {
      // The form goes on from what the API stored.
      onSuccess: (next) => {
        setDraft(next);
        setSaved(true);
      },
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={t('account.notifications')}>
      <fieldset>
        <legend>{t('account.notifyLegend')}</legend>
        {NOTIFICATION_KINDS.map((kind) => (
          <div className="checkbox-field" key={kind}>
            <input
              id={`notify-${kind}`}
              type="checkbox"
              checked={draft[kind]}
              onChange={(e) => {
                setSaved(false);
                setDraft((d) => ({ ...d, [kind]: e.target.checked }));
              }}
            />
            <label htmlFor={`notify-${kind}`}>{t(`account.notify.${kind}`)}</label>
          </div>
        ))}
        <p className="hint">{t('account.notifyAlways')}</p>
      </fieldset>
      <div className="form-footer" aria-live="polite">
        <FormProblem error={save.error} others={[]} />
        {saved ? (
          <p className="state state-ok" role="status">
            {t('account.notifySaved')}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? t('me.saving') : t('account.notifySave')}
        </button>
      </div>
    </form>
  );
}

/** "Download my data": the file is fetched with the person's token, then saved. */
function MyData() {
  const { t } = useI18n();
  const api = useApi();
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const download = () => {
    setPending(true);
    setDone(false);
    setError(null);
    fetchMyData(api)
      .then((blob) => {
        saveBlob(blob, 'my-data.json');
        setDone(true);
      })
      .catch((e: unknown) => {
        setError(e);
      })
      .finally(() => {
        setPending(false);
      });
  };

  return (
    <section className="card account-section" aria-labelledby="account-data-heading">
      <h2 id="account-data-heading">{t('account.data')}</h2>
      <p>{t('account.dataIntro')}</p>
      <button type="button" className="button button-secondary" disabled={pending} onClick={download}>
        {pending ? t('account.downloading') : t('account.download')}
      </button>
      <div aria-live="polite">
        {done ? (
          <p className="state state-ok" role="status">
            {t('account.downloaded')}
          </p>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
      </div>
    </section>
  );
}

/** A delegate's request to be erased: what goes and what stays, then a confirmation. */
function AskErasure() {
  const { t, locale } = useI18n();
  const ask = useAskErasure();
  const [asking, setAsking] = useState(false);
  const [request, setRequest] = useState<ErasureRequest | null>(null);

  return (
    <section className="card account-section erasure-ask" aria-labelledby="account-erasure-heading">
      <h2 id="account-erasure-heading">{t('account.erasure')}</h2>
      <p>{t('account.erasureIntro')}</p>
      <div className="erasure-facts">
        <div>
          <h3>{t('account.erasureRemoved')}</h3>
          <ul>
            <li>{t('account.erasureRemoved1')}</li>
            <li>{t('account.erasureRemoved2')}</li>
            <li>{t('account.erasureRemoved3')}</li>
            <li>{t('account.erasureRemoved4')}</li>
          </ul>
        </div>
        <div>
          <h3>{t('account.erasureKept')}</h3>
          <ul>
            <li>{t('account.erasureKept1')}</li>
          </ul>
          <h3>{t('account.erasureNotCovered')}</h3>
          <ul>
            <li>{t('account.erasureNotCovered1')}</li>
          </ul>
        </div>
      </div>
      <p className="hint">{t('account.erasureHint')}</p>
      <div aria-live="polite">
        {request ? (
          <p className="state state-ok" role="status">
            {request.carried_out_at
              ? t('account.erasureDone', {
                  date: formatStamp(request.requested_at, locale),
                  done: formatStamp(request.carried_out_at, locale),
                })
              : t('account.erasureAsked', { date: formatStamp(request.requested_at, locale) })}
          </p>
        ) : null}
        {ask.error ? <ErrorMessage error={ask.error} /> : null}
      </div>
      {request ? null : asking ? (
        <Confirm
          variant="box"
          question={t('account.erasureConfirm')}
          detail={t('account.erasureConfirmDetail')}
          yes={t('account.erasureYes')}
          busy={ask.isPending}
          onYes={() => {
            ask.mutate(undefined, {
              onSuccess: (recorded) => {
                setRequest(recorded);
                setAsking(false);
              },
            });
          }}
          onCancel={() => {
            setAsking(false);
          }}
        />
      ) : (
        <button
          type="button"
          className="button button-secondary button-danger-outline"
          onClick={() => {
            ask.reset();
            setAsking(true);
          }}
        >
          {t('account.erasureAsk')}
        </button>
      )}
    </section>
  );
}
