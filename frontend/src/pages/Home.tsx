import { Link } from 'react-router-dom';
import { isStaff, useAuth } from '../api/context';
import { useCities, useEvent, useEventTotals } from '../api/queries';
import { ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { localEntry } from '../i18n/langMap';
import { formatDateRange } from '../lib/time';

/** The event home: what, when, where, who organises it, its themes and its numbers. */
export function Home() {
  const { t, pick, lang, locale } = useI18n();
  const { me } = useAuth();
  const staff = isStaff(me);
  const event = useEvent();
  const cities = useCities();
  const totals = useEventTotals(staff);

  if (event.isPending) return <Loading />;
  if (event.isError) {
    return (
      <div className="page">
        <ErrorMessage error={event.error} onRetry={() => void event.refetch()} />
      </div>
    );
  }

  const e = event.data;
  const host = cities.data?.get(e.host_city_id);
  const hostName = host ? pick(host.name) : null;
  // The host's name in its own script beside the chosen language's, when they differ.
  const hostLocal = host ? localEntry(host.name) : null;
  const number = new Intl.NumberFormat(locale);

  return (
    <div className="page home">
      <section className="hero" aria-labelledby="event-name">
        <p className="eyebrow">
          <span className={`chip chip-${e.status}`}>{t(`home.status.${e.status}`)}</span>
        </p>
        <h1 id="event-name">{pick(e.name)}</h1>
        {lang !== 'en' ? <p className="hero-alt" lang="en">{e.name.en}</p> : null}
        <dl className="hero-facts">
          <div>
            <dt>{t('home.dates')}</dt>
            <dd>{formatDateRange(e.starts_on, e.ends_on, locale)}</dd>
          </div>
          <div>
            <dt>{t('home.host')}</dt>
            <dd>
              {hostName ?? '…'}
              {hostLocal && hostLocal.text !== hostName ? (
                <span className="local-name" lang={hostLocal.tag}>
                  {' '}
                  {hostLocal.text}
                </span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>{t('home.timeZone')}</dt>
            <dd>{e.time_zone}</dd>
          </div>
        </dl>
      </section>

      <section aria-label={t('home.delegations')} className="stats">
        {totals.isError ? (
          <ErrorMessage error={totals.error} onRetry={() => void totals.refetch()} />
        ) : (
          <>
            <Stat label={t('home.delegations')} value={totals.data ? number.format(totals.data.delegations) : null} />
            {totals.data?.delegates != null ? (
              <Stat label={t('home.delegates')} value={number.format(totals.data.delegates)} />
            ) : null}
            <Stat
              label={t('home.publicProfiles')}
              value={totals.data ? number.format(totals.data.publicProfiles) : null}
              link={{ to: '/directory', text: t('home.browseDirectory') }}
            />
          </>
        )}
      </section>

      <div className="columns">
        <section aria-labelledby="organisers-heading" className="card">
          <h2 id="organisers-heading">{t('home.organisers')}</h2>
          <ul className="organisers">
            {e.organisers.map((organiser) => (
              <li key={organiser.name.en}>
                <span className="organiser-role">{t(`organiser.${organiser.role}`)}</span>
                <span className="organiser-name">{pick(organiser.name)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="themes-heading" className="card">
          <h2 id="themes-heading">{t('home.themes')}</h2>
          <ul className="themes">
            {e.themes.map((theme) => (
              <li key={theme.code} className="theme">
                {pick(theme.name)}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

function Stat({ label, value, link }: { label: string; value: string | null; link?: { to: string; text: string } }) {
  return (
    <div className="stat">
      <span className="stat-value" aria-hidden={value === null}>
        {value ?? '–'}
      </span>
      <span className="stat-label">{label}</span>
      {link ? (
        <Link to={link.to} className="stat-link">
          {link.text} →
        </Link>
      ) : null}
    </div>
  );
}
