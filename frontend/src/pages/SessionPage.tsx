import { Link, useLocation, useParams } from 'react-router-dom';
import { ApiError } from '../api/problem';
import { useAuth } from '../api/context';
import { useAgenda, useCities, useEvent, usePlaces, useSession } from '../api/queries';
import { useRegistrationActions } from '../api/registrations';
import type { City, Registration, Session, Speaker } from '../api/types';
import { ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { pickOptional } from '../i18n/langMap';
import { shownName } from '../lib/names';
import { formatSessionTime, languageName, placeName } from '../lib/program';
import { NotFound } from './NotFound';

/** One session: what, when, where, who speaks, interpretation, places and registration. */
export function SessionPage() {
  const { id: raw } = useParams();
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) return <NotFound />;
  return <SessionView id={id} />;
}

function SessionView({ id }: { id: number }) {
  const { t, pick, lang, locale } = useI18n();
  const session = useSession(id);
  const event = useEvent();
  const places = usePlaces();
  const cities = useCities();

  if (session.isPending) return <Loading />;
  if (session.isError) {
    return (
      <div className="page narrow">
        <ErrorMessage error={session.error} onRetry={() => void session.refetch()} />
        <p>
          <Link to="/programme">← {t('session.back')}</Link>
        </p>
      </div>
    );
  }

  const s = session.data;
  const zone = event.data?.time_zone ?? 'Asia/Shanghai';
  const place = placeName(s, places.data, pick);
  const theme = event.data?.themes.find((th) => th.code === s.theme);
  const description = pickOptional(s.description, lang);
  const speakers = [...s.speakers].sort((a, b) => a.position - b.position);
  const languages = (codes: string[]) =>
    codes.length > 0 ? codes.map((code) => languageName(code, locale)).join(', ') : t('session.none');

  return (
    <div className="page session-page">
      <p className="back-link">
        <Link to="/programme">← {t('session.back')}</Link>
      </p>
      <p className="eyebrow">
        <span className="chip">{t(`kind.${s.kind}`)}</span>
        {s.status === 'cancelled' ? <span className="chip chip-cancelled">{t('programme.cancelled')}</span> : null}
      </p>
      <h1>{pick(s.title)}</h1>
      {s.status === 'cancelled' ? (
        <p className="state state-error" role="note">
          {t('session.cancelledSession')}
        </p>
      ) : null}

      <div className="session-layout">
        <div className="session-main">
          <dl className="facts card">
            <div>
              <dt>{t('session.when')}</dt>
              <dd>{formatSessionTime(s.starts_at, s.ends_at, locale, zone)}</dd>
            </div>
            <div>
              <dt>{t('session.where')}</dt>
              <dd>
                {place.room ?? place.venue ?? t('programme.noPlace')}
                {place.room && place.venue ? <span className="muted"> · {place.venue}</span> : null}
              </dd>
            </div>
            {theme ? (
              <div>
                <dt>{t('session.theme')}</dt>
                <dd>{pick(theme.name)}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('session.languages')}</dt>
              <dd>{languages(s.languages)}</dd>
            </div>
            <div>
              <dt>{t('session.interpretation')}</dt>
              <dd>{languages(s.interpretation)}</dd>
            </div>
            <div>
              <dt>{t('session.places')}</dt>
              <dd>
                <Places session={s} />
              </dd>
            </div>
          </dl>

          {description ? <p className="session-description">{description}</p> : null}

          {speakers.length > 0 ? (
            <section aria-labelledby="speakers-heading">
              <h2 id="speakers-heading">{t('session.speakers')}</h2>
              <ul className="speakers">
                {speakers.map((speaker) => (
                  <li key={speaker.position}>
                    <SpeakerName speaker={speaker} cities={cities.data} />
                    <span className="chip">{t(`speakerRole.${speaker.role}`)}</span>
                    {!speaker.public_profile && shownName(speaker) !== null ? (
                      <span className="muted speaker-private">{t('session.notPublic')}</span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        <RegistrationBox session={s} />
      </div>
    </div>
  );
}

/**
 * A speaker by name, or, when the API hid who they are (no public profile), as "a delegate
 * of" their city: the city is always shown, the person only with their consent.
 */
function SpeakerName({ speaker, cities }: { speaker: Speaker; cities: ReadonlyMap<number, City> | undefined }) {
  const { t, pick } = useI18n();
  const name = shownName(speaker);
  if (name !== null) return <span className="speaker-name">{name}</span>;
  const city = cities?.get(speaker.city_id);
  return (
    <span className="speaker-name speaker-anonymous">
      {city ? t('session.delegateOf', { city: pick(city.name) }) : t('session.aDelegate')}
    </span>
  );
}

function Places({ session }: { session: Session }) {
  const { t } = useI18n();
  if (session.capacity == null || session.places_left == null) return <>{t('session.unlimited')}</>;
  return (
    <>
      <span className={session.places_left === 0 ? 'places-full' : undefined}>
        {session.places_left === 0
          ? t('programme.full')
          : t('session.placesOf', { left: session.places_left, capacity: session.capacity })}
      </span>
      {session.waitlisted > 0 ? <span className="muted"> · {t('session.waitlist', { count: session.waitlisted })}</span> : null}
    </>
  );
}

/** The signed-in delegate's place in the session, and the button that changes it. */
function RegistrationBox({ session }: { session: Session }) {
  const { t } = useI18n();
  const { me, session: signedIn } = useAuth();
  const location = useLocation();
  const delegateId = me?.role === 'delegate' ? (me.delegate_id ?? null) : null;
  const agenda = useAgenda(delegateId);
  const { register, unregister } = useRegistrationActions();

  if (!signedIn) {
    return (
      <aside className="card registration-box" aria-labelledby="registration-heading">
        <h2 id="registration-heading">{t('session.registration')}</h2>
        <p>{t('session.signInToRegister')}</p>
        <Link className="button" to={`/login?next=${encodeURIComponent(location.pathname)}`}>
          {t('session.signIn')}
        </Link>
      </aside>
    );
  }
  if (delegateId === null) return null;

  const item = agenda.data?.items.find((entry) => entry.session.id === session.id);
  const registration = item?.registration?.status === 'cancelled' ? null : (item?.registration ?? null);
  const busy = register.isPending || unregister.isPending;
  const error = register.error ?? unregister.error;
  const open = session.status === 'published';

  return (
    <aside className="card registration-box" aria-labelledby="registration-heading">
      <h2 id="registration-heading">{t('session.registration')}</h2>
      {agenda.isPending ? <Loading /> : null}
      {agenda.isError ? <ErrorMessage error={agenda.error} onRetry={() => void agenda.refetch()} /> : null}
      {item?.speaking_role ? <p>{t('session.speaking', { role: t(`speakerRole.${item.speaking_role}`) })}</p> : null}
      <div role="status" aria-live="polite">
        {agenda.data ? <RegistrationState registration={registration} justCancelled={unregister.isSuccess && !registration} /> : null}
      </div>
      {error ? <RegistrationError error={error} /> : null}
      {agenda.data ? (
        registration ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => {
              register.reset();
              unregister.mutate({ sessionId: session.id, delegateId });
            }}
          >
            {unregister.isPending ? t('session.unregistering') : t('session.unregister')}
          </button>
        ) : open ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => {
              unregister.reset();
              register.mutate(session.id);
            }}
          >
            {register.isPending ? t('session.registering') : t('session.register')}
          </button>
        ) : null
      ) : null}
    </aside>
  );
}

function RegistrationState({ registration, justCancelled }: { registration: Registration | null; justCancelled: boolean }) {
  const { t } = useI18n();
  if (registration?.status === 'confirmed') {
    return <p className="flash flash-ok">{t('session.confirmed')}</p>;
  }
  if (registration?.status === 'waitlisted') {
    return (
      <p className="flash flash-warn">
        {t('session.waitlisted', { position: registration.waitlist_position ?? '?' })}
      </p>
    );
  }
  return <p>{justCancelled ? t('session.unregistered') : t('session.notRegistered')}</p>;
}

/** A refusal in plain words: an overlap names the other session; else the API's detail. */
function RegistrationError({ error }: { error: Error }) {
  const { t, pick } = useI18n();
  const title = error instanceof ApiError ? error.problem?.conflicting_session_title : undefined;
  if (error instanceof ApiError && error.status === 409 && isLangMap(title)) {
    const id = error.problem?.conflicting_session_id;
    return (
      <div className="state state-error" role="alert">
        <p>
          {t('session.overlap')}{' '}
          {typeof id === 'number' ? <Link to={`/programme/${String(id)}`}>{pick(title)}</Link> : <strong>{pick(title)}</strong>}
        </p>
      </div>
    );
  }
  return <ErrorMessage error={error} />;
}

function isLangMap(value: unknown): value is { en: string } & Record<string, string> {
  return typeof value === 'object' && value !== null && 'en' in value && typeof value.en === 'string';
}
