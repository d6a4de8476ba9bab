import { Link, useParams } from 'react-router-dom';
import { useFloorPlan, useHalls } from '../api/expo';
import type { FloorPlan, FloorPlanBooth, Hall } from '../api/types';
import { FloorPlanSvg, HallSwitcher, PlanLegend } from '../components/FloorPlanSvg';
import { useSelectedBooth } from '../components/useSelectedBooth';
import { ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { countryName, formatDate, joinList } from '../lib/partnerships';
import { NotFound } from './NotFound';

/** The public floor plan of a hall: booths free or taken; a booth shows its exhibitor. */
export function FloorPlanPage() {
  const { id: raw } = useParams();
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) return <NotFound />;
  return <PlanView key={id} hallId={id} />;
}

function PlanView({ hallId }: { hallId: number }) {
  const { t, pick } = useI18n();
  const plan = useFloorPlan(hallId);
  const halls = useHalls();
  const [selectedId, select] = useSelectedBooth();

  if (plan.isPending) return <Loading />;
  if (plan.isError) {
    return (
      <div className="page narrow">
        <ErrorMessage error={plan.error} onRetry={() => void plan.refetch()} />
        <p>
          <Link to="/expo">← {t('expo.back')}</Link>
        </p>
      </div>
    );
  }

  const { hall, booths } = plan.data;
  const selected = booths.find((b) => b.id === selectedId) ?? null;
  const taken = booths.filter((b) => b.exhibitor != null).length;

  return (
    <div className="page wide plan-page">
      <p className="back-link">
        <Link to="/expo">← {t('expo.back')}</Link>
      </p>
      <h1>{t('plan.title', { hall: pick(hall.name) })}</h1>
      <HallSwitcher halls={halls.data ?? []} current={hallId} base="/expo/halls" />
      <p className="muted" role="status">
        {t('plan.summary', { booths: booths.length, taken, free: booths.length - taken })}
      </p>
      <figure className="card plan-figure">
        <FloorPlanSvg
          plan={plan.data}
          selectedId={selectedId}
          onSelect={(booth) => {
            select(booth.id);
          }}
          label={t('plan.label', { hall: pick(hall.name), booths: booths.length })}
        />
        <PlanLegend />
      </figure>
      <div aria-live="polite" className="booth-panel-slot">
        {selected ? <BoothDetails booth={selected} /> : <p className="muted">{t('plan.pick')}</p>}
      </div>
      <div className="plan-columns">
        <HallFacts hall={hall} plan={plan.data} />
        <BoothList booths={booths} selectedId={selectedId} onSelect={select} />
      </div>
    </div>
  );
}

/** What a booth is and who holds it. */
function BoothDetails({ booth }: { booth: FloorPlanBooth }) {
  const { t, pick, locale } = useI18n();
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const holder = booth.exhibitor;
  return (
    <section className="card booth-panel" aria-labelledby="booth-heading">
      <h2 id="booth-heading">
        {t('plan.booth', { code: booth.code })}{' '}
        <span className={holder ? 'chip' : 'chip chip-ok'}>{holder ? t('plan.taken') : t('plan.free')}</span>
      </h2>
      <p className="muted">
        {t(`boothType.${booth.booth_type}`)} · {t('plan.area', { area: number.format(booth.area_m2) })} ·{' '}
        {t('plan.size', { w: number.format(booth.w), h: number.format(booth.h) })}
      </p>
      {holder ? (
        <div className="booth-holder">
          <h3>
            <Link to={`/expo/exhibitors/${String(holder.id)}`}>{pick(holder.name)}</Link>
          </h3>
          <p>
            {t(`exhibitorKind.${holder.kind}`)} · {countryName(holder.country, locale)}
          </p>
          <p className="muted">{joinList(holder.sectors.map((s) => t(`sector.${s}`)), locale)}</p>
        </div>
      ) : (
        <p>{t('plan.freeText')}</p>
      )}
    </section>
  );
}

function HallFacts({ hall, plan }: { hall: Hall; plan: FloorPlan }) {
  const { t, locale } = useI18n();
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return (
    <section className="card" aria-labelledby="hall-heading">
      <h2 id="hall-heading">{t('plan.hall')}</h2>
      <p>{t('plan.size', { w: number.format(hall.width), h: number.format(hall.height) })}</p>
      <h3>{t('plan.hours')}</h3>
      {hall.opening_hours.length === 0 ? <p className="muted">{t('plan.noHours')}</p> : null}
      <ul className="plain-list">
        {hall.opening_hours.map((day) => (
          <li key={day.date}>
            {formatDate(day.date, locale)}: {day.opens}–{day.closes}
          </li>
        ))}
      </ul>
      <h3>{t('plan.tables')}</h3>
      <p>
        {plan.meeting_tables.length > 0
          ? joinList(plan.meeting_tables.map((table) => table.name), locale)
          : t('plan.noTables')}
      </p>
    </section>
  );
}

/** The booths as a list too: the same facts for screen readers, and quick to scan on a phone. */
function BoothList({
  booths,
  selectedId,
  onSelect,
}: {
  booths: readonly FloorPlanBooth[];
  selectedId: number | null;
  onSelect: (id: number) => void;
}) {
  const { t, pick, locale } = useI18n();
  const collator = new Intl.Collator(locale, { numeric: true });
  const rows = [...booths].sort((a, b) => collator.compare(a.code, b.code));
  return (
    <section aria-labelledby="booth-list-heading" className="booth-list">
      <h2 id="booth-list-heading">{t('plan.list')}</h2>
      <div className="table-wrap">
        <table className="table stack-table">
          <thead>
            <tr>
              <th scope="col">{t('plan.code')}</th>
              <th scope="col">{t('plan.type')}</th>
              <th scope="col">{t('plan.holder')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((booth) => (
              <tr key={booth.id} className={booth.id === selectedId ? 'selected' : undefined}>
                <th scope="row">
                  <button
                    type="button"
                    className="link-button"
                    aria-pressed={booth.id === selectedId}
                    onClick={() => {
                      onSelect(booth.id);
                      window.scrollTo({ top: 0, behavior: 'smooth' });
                    }}
                  >
                    {booth.code}
                  </button>
                </th>
                <td data-label={t('plan.type')}>{t(`boothType.${booth.booth_type}`)}</td>
                <td data-label={t('plan.holder')}>
                  {booth.exhibitor ? (
                    <Link to={`/expo/exhibitors/${String(booth.exhibitor.id)}`}>{pick(booth.exhibitor.name)}</Link>
                  ) : (
                    <span className="muted">{t('plan.free')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
