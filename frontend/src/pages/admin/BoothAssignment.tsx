import { useMemo, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router-dom';
import { useBoothAssignment, useExhibitors, useFloorPlan, useHalls } from '../../api/expo';
import { describeError } from '../../api/problem';
import type { Exhibitor, FloorPlanBooth } from '../../api/types';
import { FloorPlanSvg, HallSwitcher, PlanLegend } from '../../components/FloorPlanSvg';
import { Empty, ErrorMessage, Loading, OutcomeFlash } from '../../components/Status';
import { useSelectedBooth } from '../../components/useSelectedBooth';
import { useI18n } from '../../i18n/context';
import { countryName } from '../../lib/partnerships';
import { NotFound } from '../NotFound';

/** `/admin/expo`: the first hall's plan. */
export function BoothAssignmentIndex() {
  const { t } = useI18n();
  const halls = useHalls();
  if (halls.isPending) return <Loading />;
  if (halls.isError) {
    return (
      <div className="page narrow">
        <ErrorMessage error={halls.error} onRetry={() => void halls.refetch()} />
      </div>
    );
  }
  const first = halls.data[0];
  if (!first) {
    return (
      <div className="page narrow">
        <h1>{t('assign.title')}</h1>
        <Empty message={t('assign.noHalls')} />
      </div>
    );
  }
  return <Navigate to={`/admin/expo/halls/${String(first.id)}`} replace />;
}

/** Booth assignment on the floor plan: click a booth, pick an approved exhibitor, assign or release. */
export function BoothAssignment() {
  const { id: raw } = useParams();
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) return <NotFound />;
  return <AssignView key={id} hallId={id} />;
}

function AssignView({ hallId }: { hallId: number }) {
  const { t, pick } = useI18n();
  const plan = useFloorPlan(hallId);
  const halls = useHalls();
  const approved = useExhibitors({ status: 'approved' });
  const [selectedId, select] = useSelectedBooth();

  if (plan.isPending) return <Loading />;
  if (plan.isError) {
    return (
      <div className="page narrow">
        <ErrorMessage error={plan.error} onRetry={() => void plan.refetch()} />
      </div>
    );
  }
  const { hall, booths } = plan.data;
  const selected = booths.find((b) => b.id === selectedId) ?? null;
  const taken = booths.filter((b) => b.exhibitor != null).length;

  return (
    <div className="page wide plan-page assign-page">
      <div className="page-head">
        <div>
          <h1>{t('assign.title')}</h1>
          <p className="lead">{t('assign.intro')}</p>
        </div>
        <Link className="button button-secondary" to="/admin/expo/exhibitors">
          {t('nav.applications')}
        </Link>
      </div>
      <HallSwitcher halls={halls.data ?? []} current={hallId} base="/admin/expo/halls" />
      <p className="muted" role="status">
        {pick(hall.name)} · {t('plan.summary', { booths: booths.length, taken, free: booths.length - taken })}
      </p>
      <div className="assign-layout">
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
        <div aria-live="polite">
          {selected ? (
            <AssignPanel key={selected.id} booth={selected} exhibitors={approved.data ?? []} loading={approved.isPending} />
          ) : (
            <p className="card muted">{t('assign.pick')}</p>
          )}
          {approved.isError ? <ErrorMessage error={approved.error} onRetry={() => void approved.refetch()} /> : null}
        </div>
      </div>
    </div>
  );
}

/** One booth: its holder, and the exhibitor to give it to (searchable), or the release. */
function AssignPanel({ booth, exhibitors, loading }: { booth: FloorPlanBooth; exhibitors: readonly Exhibitor[]; loading: boolean }) {
  const { t, pick, locale } = useI18n();
  const { assign, release } = useBoothAssignment();
  const [filter, setFilter] = useState('');
  const [choice, setChoice] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const holder = booth.exhibitor;
  const busy = assign.isPending || release.isPending;

  const options = useMemo(() => {
    const collator = new Intl.Collator(locale);
    const needle = filter.trim().toLocaleLowerCase();
    return exhibitors
      .filter((e) => e.id !== holder?.id)
      .filter((e) => !needle || Object.values(e.name).some((n) => n.toLocaleLowerCase().includes(needle)))
      .sort((a, b) => collator.compare(pick(a.name), pick(b.name)));
  }, [exhibitors, filter, holder?.id, locale, pick]);
  const chosen = options.find((e) => String(e.id) === choice) ?? (options.length === 1 ? options[0] : undefined);

  const failed = (error: unknown) => {
    const { key, params, detail } = describeError(error);
    setOutcome({ ok: false, text: detail ? `${t(key, params)} ${detail}` : t(key, params) });
  };

  return (
    <section className="card booth-panel assign-panel" aria-labelledby="assign-heading">
      <h2 id="assign-heading">
        {t('plan.booth', { code: booth.code })}{' '}
        <span className={holder ? 'chip' : 'chip chip-ok'}>{holder ? t('plan.taken') : t('plan.free')}</span>
      </h2>
      <p className="muted">
        {t(`boothType.${booth.booth_type}`)} · {t('plan.area', { area: new Intl.NumberFormat(locale).format(booth.area_m2) })}
      </p>
      {holder ? (
        <div className="booth-holder">
          <p>
            {t('assign.heldBy')}{' '}
            <Link to={`/expo/exhibitors/${String(holder.id)}`}>
              <strong>{pick(holder.name)}</strong>
            </Link>{' '}
            <span className="muted">({countryName(holder.country, locale)})</span>
          </p>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => {
              setOutcome(null);
              release.mutate(booth.id, {
                onSuccess: () => {
                  setOutcome({ ok: true, text: t('assign.released', { code: booth.code, name: pick(holder.name) }) });
                },
                onError: failed,
              });
            }}
          >
            {t('assign.release')}
          </button>
        </div>
      ) : null}
      <form
        className="form assign-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!chosen) return;
          setOutcome(null);
          assign.mutate(
            { boothId: booth.id, exhibitorId: chosen.id },
            {
              onSuccess: () => {
                setOutcome({ ok: true, text: t('assign.assigned', { code: booth.code, name: pick(chosen.name) }) });
                setChoice('');
                setFilter('');
              },
              onError: failed,
            },
          );
        }}
      >
        <div className="field">
          <label htmlFor="assign-filter">{t('assign.search')}</label>
          <input
            id="assign-filter"
            type="search"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="assign-exhibitor">{holder ? t('assign.reassignTo') : t('assign.exhibitor')}</label>
          <select
            id="assign-exhibitor"
            value={chosen ? String(chosen.id) : ''}
            onChange={(e) => {
              setChoice(e.target.value);
            }}
          >
            <option value="">{loading ? t('state.loading') : t('assign.choose', { count: options.length })}</option>
            {options.map((e) => (
              <option key={e.id} value={e.id}>
                {pick(e.name)} ({e.booths.length > 0 ? e.booths.map((b) => b.code).join(', ') : t('assign.noBoothYet')})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={busy || !chosen}>
          {chosen ? t('assign.assignTo', { code: booth.code, name: pick(chosen.name) }) : t('assign.assign')}
        </button>
      </form>
      <OutcomeFlash outcome={outcome} />
    </section>
  );
}
