import type { CSSProperties } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useEvent, usePlaces, useSessions, type SessionFilters } from '../api/queries';
import type { Session } from '../api/types';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { CalendarIcon } from '../components/CalendarIcon';
import { useI18n } from '../i18n/context';
import { EVENT_SLUG } from '../lib/event';
import { filterOptions, formatDay, isSessionKind, languageName, placeName, type Places } from '../lib/program';
import { layoutTimetable, minuteLabel, type TimetableDay } from '../lib/timetable';
import { useUrlFilter } from '../components/useUrlFilter';

/** The `.ics` feed of the whole programme (public). */
export const PROGRAM_ICS = `/api/v1/events/${EVENT_SLUG}/program.ics`;

/** The public programme: a timetable per day (rooms across, time down), with filters. */
export function Programme() {
  const { t, pick, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? '';
  const filters: SessionFilters = {
    ...(isSessionKind(kind) ? { kind } : {}),
    ...(params.get('theme') ? { theme: params.get('theme') ?? '' } : {}),
    ...(params.get('language') ? { language: params.get('language') ?? '' } : {}),
  };
  const event = useEvent();
  const all = useSessions({});
  const sessions = useSessions(filters);
  const places = usePlaces();
  const zone = event.data?.time_zone ?? 'Asia/Shanghai';
  const options = filterOptions(all.data ?? []);

  const setUrlFilter = useUrlFilter();
  const setFilter = (name: keyof SessionFilters, value: string) => {
    setUrlFilter(name, value);
  };
  const filtered = Object.keys(filters).length > 0;

  return (
    <div className="page wide programme">
      <div className="page-head">
        <div>
          <h1>{t('programme.title')}</h1>
          <p className="lead">{t('programme.intro', { zone })}</p>
        </div>
        <a className="button button-secondary" href={PROGRAM_ICS} download={`${EVENT_SLUG}.ics`}>
          <CalendarIcon />
          {t('programme.ics')}
        </a>
      </div>

      <form
        className="filters programme-filters"
        aria-label={t('programme.filters')}
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label>
          <span>{t('programme.theme')}</span>
          <select value={filters.theme ?? ''} onChange={(e) => { setFilter('theme', e.target.value); }}>
            <option value="">{t('programme.any')}</option>
            {(event.data?.themes ?? []).map((theme) => (
              <option key={theme.code} value={theme.code}>
                {pick(theme.name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('programme.kind')}</span>
          <select value={filters.kind ?? ''} onChange={(e) => { setFilter('kind', e.target.value); }}>
            <option value="">{t('programme.any')}</option>
            {options.kinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('programme.language')}</span>
          <select value={filters.language ?? ''} onChange={(e) => { setFilter('language', e.target.value); }}>
            <option value="">{t('programme.any')}</option>
            {options.languages.map((code) => (
              <option key={code} value={code}>
                {languageName(code, locale)}
              </option>
            ))}
          </select>
        </label>
        {filtered ? (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              setParams({}, { replace: true });
            }}
          >
            {t('programme.clear')}
          </button>
        ) : null}
      </form>

      {sessions.isPending || event.isPending ? <Loading /> : null}
      {sessions.isError ? <ErrorMessage error={sessions.error} onRetry={() => void sessions.refetch()} /> : null}
      {event.isError ? <ErrorMessage error={event.error} onRetry={() => void event.refetch()} /> : null}
      {sessions.data && event.data ? (
        sessions.data.length === 0 ? (
          <Empty message={filtered ? t('programme.noMatch') : undefined} />
        ) : (
          <>
            <p className="muted" role="status">
              {sessions.data.length === 1
                ? t('programme.countOne')
                : t('programme.count', { count: sessions.data.length })}
            </p>
            {layoutTimetable(sessions.data, zone).map((day) => (
              <DayGrid key={day.date} day={day} places={places.data} zone={zone} />
            ))}
          </>
        )
      ) : null}
    </div>
  );
}

function DayGrid({ day, places, zone }: { day: TimetableDay<Session>; places: Places | undefined; zone: string }) {
  const { t, pick, locale } = useI18n();
  const title = formatDay(day.date, locale);
  const headingId = `day-${day.date}`;
  const gridStyle: CSSProperties = {
    gridTemplateColumns: `3.75rem repeat(${String(day.columns)}, minmax(10.5rem, 1fr))`,
    gridTemplateRows: `auto repeat(${String(day.rows)}, minmax(1.1rem, auto))`,
  };
  // Reading and tab order: by time, then from left to right.
  const items = [...day.items].sort((a, b) => a.startMinute - b.startMinute || a.column - b.column);

  return (
    <section className="tt-day" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {day.columns > 1 ? <p className="muted tt-hint">{t('programme.scrollHint')}</p> : null}
      <div className="tt-scroll" role="region" aria-label={t('programme.grid', { day: title })} tabIndex={0}>
        <div className="tt-grid" style={gridStyle}>
          <div className="tt-corner" style={{ gridColumn: 1, gridRow: 1 }}>
            {t('programme.time')}
          </div>
          {day.tracks.map((track) => {
            const place = placeName({ room_id: track.roomId, venue_id: track.venueId }, places, pick);
            return (
              <div
                key={track.key}
                className="tt-track"
                style={{ gridColumn: `${String(track.column + 1)} / span ${String(track.lanes)}`, gridRow: 1 }}
              >
                <strong>{place.room ?? place.venue ?? t('programme.noPlace')}</strong>
                {place.room && place.venue ? <span>{place.venue}</span> : null}
              </div>
            );
          })}
          {day.hours.map((hour) => (
            <div
              key={hour.minute}
              className="tt-hour"
              aria-hidden="true"
              style={{ gridColumn: '1 / -1', gridRow: `${String(hour.row + 1)} / span ${String(60 / 15)}` }}
            >
              <span>{minuteLabel(hour.minute)}</span>
            </div>
          ))}
          {items.map((item) => {
            const s = item.session;
            const cancelled = s.status === 'cancelled';
            const full = s.places_left === 0;
            return (
              <Link
                key={s.id}
                to={`/programme/${String(s.id)}`}
                className={`tt-session kind-${s.kind}${cancelled ? ' is-cancelled' : ''}`}
                style={{
                  gridColumn: item.column + 1,
                  gridRow: `${String(item.rowStart + 1)} / ${String(item.rowEnd + 1)}`,
                }}
              >
                <span className="tt-time">
                  {minuteLabel(item.startMinute)}–{minuteLabel(item.endMinute)}
                  <span className="visually-hidden"> ({zone})</span>
                </span>
                <span className="tt-title">{pick(s.title)}</span>
                <span className="tt-meta">
                  <span className="chip">{t(`kind.${s.kind}`)}</span>
                  {cancelled ? <span className="chip chip-cancelled">{t('programme.cancelled')}</span> : null}
                  {!cancelled && full ? <span className="chip chip-full">{t('programme.full')}</span> : null}
                </span>
              </Link>
            );
          })}
        </div>
      </div>
    </section>
  );
}
