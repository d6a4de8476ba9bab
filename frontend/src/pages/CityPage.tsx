import { Link, useParams } from 'react-router-dom';
import { useAgreements, useCityPartners, useMilestones } from '../api/partnerships';
import { useCities } from '../api/queries';
import type { City, Partner } from '../api/types';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { localEntry } from '../i18n/langMap';
import { countryName, formatDate, joinList } from '../lib/partnerships';
import { NotFound } from './NotFound';

/** One city: its facts, its partner cities, and per partnership its agreements and milestones. */
export function CityPage() {
  const { id: raw } = useParams();
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) return <NotFound />;
  return <CityView key={id} id={id} />;
}

function CityView({ id }: { id: number }) {
  const { t, pick, locale } = useI18n();
  const partners = useCityPartners(id);
  const cities = useCities();

  if (partners.isPending) return <Loading />;
  if (partners.isError) {
    return (
      <div className="page narrow">
        <ErrorMessage error={partners.error} onRetry={() => void partners.refetch()} />
        <p>
          <Link to="/cities">← {t('city.back')}</Link>
        </p>
      </div>
    );
  }

  const summary = partners.data.city;
  const city: City | undefined = cities.data?.get(id);
  const local = localEntry(summary.name);
  const number = new Intl.NumberFormat(locale);
  const collator = new Intl.Collator(locale);
  const list = [...partners.data.partners].sort(
    (a, b) => (a.since ?? '9999').localeCompare(b.since ?? '9999') || collator.compare(pick(a.city.name), pick(b.city.name)),
  );

  return (
    <div className="page city-page">
      <p className="back-link">
        <Link to="/cities">← {t('city.back')}</Link>
      </p>
      <h1>
        {pick(summary.name)}
        {local && local.text !== pick(summary.name) ? (
          <span className="local-name" lang={local.tag}>
            {' '}
            {local.text}
          </span>
        ) : null}
      </h1>
      <dl className="facts card" aria-label={t('city.facts')}>
        <div>
          <dt>{t('city.country')}</dt>
          <dd>{countryName(summary.country, locale)}</dd>
        </div>
        {city?.region ? (
          <div>
            <dt>{t('city.region')}</dt>
            <dd>{city.region}</dd>
          </div>
        ) : null}
        {city?.population != null ? (
          <div>
            <dt>{t('city.population')}</dt>
            <dd>{number.format(city.population)}</dd>
          </div>
        ) : null}
        {city ? (
          <div>
            <dt>{t('city.timeZone')}</dt>
            <dd>{city.time_zone}</dd>
          </div>
        ) : null}
      </dl>
      <p className="link-row">
        <Link to={`/partnerships?country=${summary.country}`}>{t('city.onMap')}</Link>
        <Link to={`/partnerships/path?from=${String(id)}`}>{t('city.findPath')}</Link>
      </p>

      <section aria-labelledby="partners-heading">
        <div className="card-head">
          <h2 id="partners-heading">{t('city.partners')}</h2>
          <span className="muted">
            {list.length === 1 ? t('count.partnershipsOne') : t('count.partnerships', { count: list.length })}
          </span>
        </div>
        {list.length === 0 ? <Empty message={t('city.noPartners')} /> : null}
        <div className="partner-list">
          {list.map((partner) => (
            <PartnerCard key={partner.partnership_id} partner={partner} cities={cities.data} />
          ))}
        </div>
      </section>
    </div>
  );
}

function PartnerCard({ partner, cities }: { partner: Partner; cities: ReadonlyMap<number, City> | undefined }) {
  const { t, pick, locale } = useI18n();
  const headingId = `partner-${String(partner.partnership_id)}`;
  const name = pick(partner.city.name);
  return (
    <article className="card partner-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span className="visually-hidden">{t('city.partnership', { name })}: </span>
        <Link to={`/cities/${String(partner.city.id)}`}>{name}</Link>
        <span className="muted partner-country"> · {countryName(partner.city.country, locale)}</span>
      </h3>
      {partner.illustrative ? <p className="chip chip-example">{t('city.illustrative')}</p> : null}
      <dl className="facts">
        <div>
          <dt>{t('city.kind')}</dt>
          <dd>
            <span className={`kind-swatch kind-${partner.kind}`} aria-hidden="true" />
            {t(`partnershipKind.${partner.kind}`)}
          </dd>
        </div>
        <div>
          <dt>{t('city.status')}</dt>
          <dd>
            <span className={`pstatus pstatus-${partner.status}`}>{t(`partnershipStatus.${partner.status}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('city.since')}</dt>
          <dd>{partner.since ? formatDate(partner.since, locale) : t('city.sinceUnknown')}</dd>
        </div>
        <div>
          <dt>{t('city.fields')}</dt>
          <dd>{partner.fields.length > 0 ? joinList(partner.fields.map((f) => t(`field.${f}`)), locale) : t('city.none')}</dd>
        </div>
      </dl>
      <Agreements partnershipId={partner.partnership_id} cities={cities} />
      <Milestones partnershipId={partner.partnership_id} />
    </article>
  );
}

function Agreements({ partnershipId, cities }: { partnershipId: number; cities: ReadonlyMap<number, City> | undefined }) {
  const { t, pick, locale } = useI18n();
  const agreements = useAgreements(partnershipId);
  const cityName = (id: number | null | undefined) => {
    const city = id != null ? cities?.get(id) : undefined;
    return city ? pick(city.name) : null;
  };
  const rows = [...(agreements.data ?? [])].sort((a, b) => a.signed_on.localeCompare(b.signed_on) || a.id - b.id);
  return (
    <section className="partner-part" aria-label={t('city.agreements')}>
      <h4>{t('city.agreements')}</h4>
      {agreements.isPending ? <Loading /> : null}
      {agreements.isError ? <ErrorMessage error={agreements.error} onRetry={() => void agreements.refetch()} /> : null}
      {agreements.data && rows.length === 0 ? <p className="muted">{t('city.noAgreements')}</p> : null}
      {rows.length > 0 ? (
        <ul className="agreements">
          {rows.map((agreement) => {
            const where = cityName(agreement.signed_at_city_id);
            return (
              <li key={agreement.id}>
                <p className="agreement-title">
                  <strong>{pick(agreement.title)}</strong>
                </p>
                <p className="agreement-meta">
                  <span className="chip">{t(`agreementKind.${agreement.kind}`)}</span>{' '}
                  <span>{t('city.signedOn', { date: formatDate(agreement.signed_on, locale) })}</span>
                  {where ? <span> · {t('city.signedAt', { city: where })}</span> : null}
                </p>
                {agreement.signatories.length > 0 ? (
                  <p className="agreement-signatories">
                    <span className="muted">{t('city.signatories')}: </span>
                    {agreement.signatories
                      .map((s) =>
                        [s.name, s.office, cityName(s.city_id)].filter((part): part is string => Boolean(part)).join(', '),
                      )
                      .filter(Boolean)
                      .join('; ')}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

function Milestones({ partnershipId }: { partnershipId: number }) {
  const { t, pick, locale } = useI18n();
  const milestones = useMilestones(partnershipId);
  const rows = [...(milestones.data ?? [])].sort((a, b) => a.occurred_on.localeCompare(b.occurred_on) || a.id - b.id);
  return (
    <section className="partner-part" aria-label={t('city.milestones')}>
      <h4>{t('city.milestones')}</h4>
      {milestones.isPending ? <Loading /> : null}
      {milestones.isError ? <ErrorMessage error={milestones.error} onRetry={() => void milestones.refetch()} /> : null}
      {milestones.data && rows.length === 0 ? <p className="muted">{t('city.noMilestones')}</p> : null}
      {rows.length > 0 ? (
        <ol className="timeline">
          {rows.map((milestone) => (
            <li key={milestone.id}>
              <time dateTime={milestone.occurred_on} className="timeline-date">
                {formatDate(milestone.occurred_on, locale)}
              </time>
              <span className="chip">{t(`milestoneKind.${milestone.kind}`)}</span>
              <span className="timeline-text">{pick(milestone.description)}</span>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
