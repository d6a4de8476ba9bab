import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../api/context';
import { useExhibitor, useHalls } from '../api/expo';
import { useCities } from '../api/queries';
import { ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { countryName, joinList } from '../lib/partnerships';
import { NotFound } from './NotFound';

/** One exhibitor: who they are, what they offer, where their booths are, and a meeting request. */
export function ExhibitorPage() {
  const { id: raw } = useParams();
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) return <NotFound />;
  return <ExhibitorView key={id} id={id} />;
}

function ExhibitorView({ id }: { id: number }) {
  const { t, pick, locale } = useI18n();
  const { me } = useAuth();
  const exhibitor = useExhibitor(id);
  const halls = useHalls();
  const cities = useCities();

  if (exhibitor.isPending) return <Loading />;
  if (exhibitor.isError) {
    return (
      <div className="page narrow">
        <ErrorMessage error={exhibitor.error} onRetry={() => void exhibitor.refetch()} />
        <p>
          <Link to="/expo">← {t('expo.back')}</Link>
        </p>
      </div>
    );
  }

  const e = exhibitor.data;
  const hallName = new Map((halls.data ?? []).map((hall) => [hall.id, pick(hall.name)]));
  const city = e.city_id != null ? cities.data?.get(e.city_id) : undefined;

  return (
    <div className="page exhibitor-page">
      <p className="back-link">
        <Link to="/expo">← {t('expo.back')}</Link>
      </p>
      <p className="eyebrow">
        <span className="chip">{t(`exhibitorKind.${e.kind}`)}</span>
        {e.status !== 'approved' ? <span className="chip chip-warn">{t(`application.${e.status}`)}</span> : null}
      </p>
      <h1>{pick(e.name)}</h1>
      <div className="session-layout">
        <div>
          {e.description ? <p className="lead">{pick(e.description)}</p> : null}
          <dl className="facts card" aria-label={t('expo.facts')}>
            <div>
              <dt>{t('expo.country')}</dt>
              <dd>{countryName(e.country, locale)}</dd>
            </div>
            {city ? (
              <div>
                <dt>{t('expo.city')}</dt>
                <dd>
                  <Link to={`/cities/${String(city.id)}`}>{pick(city.name)}</Link>
                </dd>
              </div>
            ) : null}
            <div>
              <dt>{t('expo.sectors')}</dt>
              <dd>{joinList(e.sectors.map((s) => t(`sector.${s}`)), locale)}</dd>
            </div>
            <div>
              <dt>{t('expo.website')}</dt>
              <dd className="break">
                {e.website ? (
                  <a href={e.website} rel="noreferrer noopener" target="_blank">
                    {e.website}
                  </a>
                ) : (
                  '—'
                )}
              </dd>
            </div>
          </dl>
          {e.contacts && e.contacts.length > 0 ? (
            <section aria-labelledby="contacts-heading">
              <h2 id="contacts-heading">{t('expo.contacts')}</h2>
              <ul className="plain-list">
                {e.contacts.map((contact, index) => (
                  <li key={`${contact.name}-${String(index)}`}>
                    <strong>{contact.name}</strong>
                    {contact.role ? <> · {contact.role}</> : null}
                    {contact.email ? (
                      <>
                        {' · '}
                        <a href={`mailto:${contact.email}`}>{contact.email}</a>
                      </>
                    ) : null}
                    {contact.phone ? <> · {contact.phone}</> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        <aside className="card" aria-labelledby="booths-heading">
          <h2 id="booths-heading">{t('expo.booths')}</h2>
          {e.booths.length === 0 ? <p className="muted">{t('expo.noBooth')}</p> : null}
          <ul className="plain-list">
            {e.booths.map((booth) => (
              <li key={booth.booth_id}>
                <Link to={`/expo/halls/${String(booth.hall_id)}?booth=${String(booth.booth_id)}`}>
                  {t('expo.boothIn', { code: booth.code, hall: hallName.get(booth.hall_id) ?? '' })}
                </Link>
              </li>
            ))}
          </ul>
          <h2>{t('meetings.request')}</h2>
          {me?.role === 'delegate' ? (
            <Link className="button" to={`/me/meetings?exhibitor=${String(e.id)}`}>
              {t('meetings.requestWith', { name: pick(e.name) })}
            </Link>
          ) : (
            <p className="muted">{me ? t('meetings.delegatesOnly') : t('meetings.signInToRequest')}</p>
          )}
        </aside>
      </div>
    </div>
  );
}
