import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../api/context';
import { useExhibitors, useHalls, useMeetings } from '../api/expo';
import { useEvent } from '../api/queries';
import type { Exhibitor, Hall } from '../api/types';
import { MeetingList, MeetingRequestForm } from '../components/Meetings';
import { ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';

/** The halls a meeting with `exhibitor` can be in: those of its booths, else every hall. */
function hallsFor(exhibitor: Exhibitor | undefined, halls: readonly Hall[]): Hall[] {
  const ids = new Set(exhibitor?.booths.map((b) => b.hall_id) ?? []);
  const own = halls.filter((hall) => ids.has(hall.id));
  return own.length > 0 ? own : [...halls];
}

/** A delegate's meeting requests: send one to an exhibitor, and answer or withdraw the others. */
export function MyMeetings() {
  const { t, pick, locale } = useI18n();
  const { me } = useAuth();
  const delegateId = me?.delegate_id ?? null;
  const [params, setParams] = useSearchParams();
  const event = useEvent();
  const zone = event.data?.time_zone ?? 'Asia/Shanghai';
  const exhibitors = useExhibitors({ status: 'approved' });
  const halls = useHalls();
  const meetings = useMeetings(delegateId ? { delegate_id: delegateId } : {}, delegateId !== null);

  const collator = new Intl.Collator(locale);
  const sorted = useMemo(
    () => [...(exhibitors.data ?? [])].sort((a, b) => collator.compare(pick(a.name), pick(b.name))),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the collator follows the locale
    [exhibitors.data, pick, locale],
  );
  const byId = new Map(sorted.map((e) => [e.id, e]));
  const chosenId = Number(params.get('exhibitor'));
  const chosen = byId.get(chosenId);
  const options = hallsFor(chosen, halls.data ?? []);
  const hallParam = Number(params.get('hall'));
  const hall = options.find((h) => h.id === hallParam) ?? options[0];

  const setParam = (name: string, value: string) => {
    // From the latest URL: two quick changes must not undo each other.
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        if (name === 'exhibitor') next.delete('hall');
        return next;
      },
      { replace: true },
    );
  };

  if (delegateId === null) {
    return (
      <div className="page narrow">
        <p className="state state-error" role="alert">
          {t('guard.noDelegate')}
        </p>
      </div>
    );
  }

  return (
    <div className="page meetings-page">
      <h1>{t('meetings.title')}</h1>
      <p className="lead">{t('meetings.intro', { zone })}</p>

      <section className="card" aria-labelledby="request-heading">
        <h2 id="request-heading">{t('meetings.request')}</h2>
        {exhibitors.isError ? <ErrorMessage error={exhibitors.error} onRetry={() => void exhibitors.refetch()} /> : null}
        <div className="grid-2">
          <div className="field">
            <label htmlFor="mr-exhibitor">{t('meetings.exhibitor')}</label>
            <select
              id="mr-exhibitor"
              value={chosen ? String(chosen.id) : ''}
              onChange={(e) => {
                setParam('exhibitor', e.target.value);
              }}
            >
              <option value="">{t('meetings.chooseExhibitor')}</option>
              {sorted.map((e) => (
                <option key={e.id} value={e.id}>
                  {pick(e.name)}
                </option>
              ))}
            </select>
            <span className="hint">
              <Link to="/me/recommended">{t('meetings.seeRecommended')}</Link>
            </span>
          </div>
          <div className="field">
            <label htmlFor="mr-hall">{t('meetings.hall')}</label>
            <select
              id="mr-hall"
              value={hall ? String(hall.id) : ''}
              onChange={(e) => {
                setParam('hall', e.target.value);
              }}
            >
              {options.map((h) => (
                <option key={h.id} value={h.id}>
                  {pick(h.name)}
                </option>
              ))}
            </select>
            {chosen && chosen.booths.length > 0 ? (
              <span className="hint">
                {t('meetings.boothsOf', { booths: chosen.booths.map((b) => b.code).join(', ') })}
              </span>
            ) : null}
          </div>
        </div>
        {halls.isPending ? <Loading /> : null}
        <MeetingRequestForm
          key={`${String(chosen?.id ?? 0)}-${String(hall?.id ?? 0)}`}
          delegateId={delegateId}
          exhibitorId={chosen?.id ?? null}
          hall={hall}
          chooseHall={options.length > 1 || (chosen?.booths.length ?? 0) === 0}
          viewer="delegate"
          zone={zone}
          idPrefix="mr"
        />
      </section>

      <section aria-labelledby="list-heading">
        <h2 id="list-heading">{t('meetings.mine')}</h2>
        {meetings.isPending ? <Loading /> : null}
        {meetings.isError ? <ErrorMessage error={meetings.error} onRetry={() => void meetings.refetch()} /> : null}
        {meetings.data ? (
          <MeetingList
            meetings={meetings.data}
            viewer="delegate"
            halls={halls.data ?? []}
            zone={zone}
            counterpart={(m) => {
              const e = byId.get(m.exhibitor_id);
              return e ? pick(e.name) : t('meetings.exhibitorN', { id: m.exhibitor_id });
            }}
          />
        ) : null}
      </section>
    </div>
  );
}
