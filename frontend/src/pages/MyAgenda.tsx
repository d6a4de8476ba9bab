import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApi, useAuth } from '../api/context';
import { unwrap } from '../api/problem';
import { useAgenda, useEvent, usePlaces } from '../api/queries';
import { useRegistrationActions } from '../api/registrations';
import type { AgendaItem, AgendaMeeting } from '../api/types';
import { ErrorMessage, Loading } from '../components/Status';
import { CalendarIcon } from '../components/CalendarIcon';
import { useI18n } from '../i18n/context';
import { EVENT_SLUG } from '../lib/event';
import { byDay, formatDay, placeName } from '../lib/program';
import { minuteLabel, zonedMinute } from '../lib/timetable';

/** "My agenda": the delegate's sessions, waitlist places and roles, and a calendar feed. */
export function MyAgenda() {
  const { t, pick, locale } = useI18n();
  const { me } = useAuth();
  // The title of the session last unregistered from, for the confirmation.
  const [cancelledTitle, setCancelledTitle] = useState<string | null>(null);
  const delegateId = me?.delegate_id ?? null;
  const event = useEvent();
  const agenda = useAgenda(delegateId);
  const places = usePlaces();
  const { unregister } = useRegistrationActions();
  const zone = event.data?.time_zone ?? 'Asia/Shanghai';

  if (delegateId === null) {
    return (
      <div className="page narrow">
        <p className="state state-error" role="alert">
          {t('guard.noDelegate')}
        </p>
      </div>
    );
  }

  const meetings = [...(agenda.data?.meetings ?? [])]
    .filter((m) => m.meeting.status === 'accepted' && m.meeting.starts_at)
    .sort((a, b) => (a.meeting.starts_at ?? '').localeCompare(b.meeting.starts_at ?? ''));
  const items = (agenda.data?.items ?? []).filter(
    (item) => item.speaking_role != null || (item.registration != null && item.registration.status !== 'cancelled'),
  );

  return (
    <div className="page narrow agenda-page">
      <h1>{t('agenda.title')}</h1>
      <p className="lead">{t('agenda.intro', { zone })}</p>

      <CalendarSubscription delegateId={delegateId} />

      <div role="status" aria-live="polite">
        {unregister.isSuccess && cancelledTitle ? (
          <p className="flash flash-ok">{t('agenda.cancelled', { title: cancelledTitle })}</p>
        ) : null}
      </div>
      {unregister.error ? <ErrorMessage error={unregister.error} /> : null}

      {agenda.isPending ? <Loading /> : null}
      {agenda.isError ? <ErrorMessage error={agenda.error} onRetry={() => void agenda.refetch()} /> : null}
      {agenda.data && items.length === 0 && meetings.length === 0 ? (
        <div className="state state-empty">
          <p>{t('agenda.empty')}</p>
          <Link to="/programme">{t('agenda.browse')}</Link>
        </div>
      ) : null}
      {agendaDays(items, meetings, zone).map((day) => (
        <section key={day.date} className="agenda-day" aria-labelledby={`agenda-${day.date}`}>
          <h2 id={`agenda-${day.date}`}>{formatDay(day.date, locale)}</h2>
          <ul className="agenda-list">
            {day.entries.map((entry) =>
              entry.kind === 'session' ? (
                <AgendaEntry
                  key={`s${String(entry.item.session.id)}`}
                  item={entry.item}
                  zone={zone}
                  place={placeName(entry.item.session, places.data, pick)}
                  busy={unregister.isPending}
                  onUnregister={() => {
                    setCancelledTitle(pick(entry.item.session.title));
                    unregister.mutate({ sessionId: entry.item.session.id, delegateId });
                  }}
                />
              ) : (
                <MeetingEntry key={`m${String(entry.meeting.meeting.id)}`} entry={entry.meeting} zone={zone} />
              ),
            )}
          </ul>
        </section>
      ))}
    </div>
  );
}

type DayEntry = { kind: 'session'; at: string; item: AgendaItem } | { kind: 'meeting'; at: string; meeting: AgendaMeeting };

/** Sessions and accepted expo meetings together, by day on the event's clock, in time order. */
function agendaDays(items: readonly AgendaItem[], meetings: readonly AgendaMeeting[], zone: string) {
  const entries: DayEntry[] = [
    ...[...items]
      .sort((a, b) => a.session.id - b.session.id)
      .map((item): DayEntry => ({ kind: 'session', at: item.session.starts_at, item })),
    ...meetings.map((meeting): DayEntry => ({ kind: 'meeting', at: meeting.meeting.starts_at ?? '', meeting })),
  ];
  return byDay(entries, zone, (entry) => entry.at).map((day) => ({ date: day.date, entries: day.items }));
}

/** An accepted meeting at the expo: when, with whom, and where to manage it. */
function MeetingEntry({ entry, zone }: { entry: AgendaMeeting; zone: string }) {
  const { t } = useI18n();
  const { meeting, exhibitor_name } = entry;
  return (
    <li className="card agenda-item agenda-meeting">
      <p className="agenda-time">
        {minuteLabel(zonedMinute(meeting.starts_at ?? '', zone).minute)}–
        {meeting.ends_at ? minuteLabel(zonedMinute(meeting.ends_at, zone).minute) : ''}
      </p>
      <div className="agenda-body">
        <h3>
          <Link to={`/expo/exhibitors/${String(meeting.exhibitor_id)}`}>{exhibitor_name}</Link>
        </h3>
        <p className="muted">{t('agenda.meetingWith')}</p>
        <p className="agenda-chips">
          <span className="chip chip-ok">{t('agenda.meeting')}</span>
        </p>
      </div>
      <Link
        className="button button-secondary button-small agenda-action"
        to="/me/meetings"
        aria-label={`${t('agenda.manageMeetings')}: ${exhibitor_name}`}
      >
        {t('agenda.manageMeetings')}
      </Link>
    </li>
  );
}

function AgendaEntry({
  item,
  zone,
  place,
  busy,
  onUnregister,
}: {
  item: AgendaItem;
  zone: string;
  place: { room: string | null; venue: string | null };
  busy: boolean;
  onUnregister: () => void;
}) {
  const { t, pick } = useI18n();
  const s = item.session;
  const registration = item.registration?.status === 'cancelled' ? null : item.registration;
  const title = pick(s.title);
  return (
    <li className="card agenda-item">
      <p className="agenda-time">
        {minuteLabel(zonedMinute(s.starts_at, zone).minute)}–{minuteLabel(zonedMinute(s.ends_at, zone).minute)}
      </p>
      <div className="agenda-body">
        <h3>
          <Link to={`/programme/${String(s.id)}`}>{title}</Link>
        </h3>
        <p className="muted">{[place.room, place.venue].filter(Boolean).join(' · ') || t('programme.noPlace')}</p>
        <p className="agenda-chips">
          {registration?.status === 'confirmed' ? (
            <span className="chip chip-ok">{t('registration.confirmed')}</span>
          ) : null}
          {registration?.status === 'waitlisted' ? (
            <span className="chip chip-warn">
              {t('registration.waitlisted', { position: registration.waitlist_position ?? '?' })}
            </span>
          ) : null}
          {item.speaking_role ? (
            <span className="chip">{t('agenda.speaking', { role: t(`speakerRole.${item.speaking_role}`) })}</span>
          ) : null}
          {s.status === 'cancelled' ? <span className="chip chip-cancelled">{t('programme.cancelled')}</span> : null}
        </p>
      </div>
      {registration ? (
        <button
          type="button"
          className="button button-secondary button-small agenda-action"
          disabled={busy}
          aria-label={`${t('session.unregister')}: ${title}`}
          onClick={onUnregister}
        >
          {t('session.unregister')}
        </button>
      ) : null}
    </li>
  );
}

/** Makes a (new) calendar token and shows the feed's absolute address. */
function CalendarSubscription({ delegateId }: { delegateId: number }) {
  const { t } = useI18n();
  const api = useApi();
  const [copied, setCopied] = useState(false);
  const token = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/events/{event}/delegates/{id}/calendar-token', {
          params: { path: { event: EVENT_SLUG, id: delegateId } },
        }),
      ),
  });
  const url = token.data ? new URL(token.data.url, window.location.origin).toString() : null;

  return (
    <section className="card subscribe" aria-labelledby="subscribe-heading">
      <h2 id="subscribe-heading" className="visually-hidden">
        {t('agenda.subscribe')}
      </h2>
      <button
        type="button"
        className="button"
        disabled={token.isPending}
        onClick={() => {
          setCopied(false);
          token.mutate();
        }}
      >
        <CalendarIcon />
        {token.isPending ? t('agenda.subscribing') : t('agenda.subscribe')}
      </button>
      {token.error ? <ErrorMessage error={token.error} /> : null}
      {url ? (
        <div className="subscribe-url">
          <label htmlFor="calendar-url">{t('agenda.subscribeUrl')}</label>
          <div className="search-row">
            <input
              id="calendar-url"
              type="text"
              readOnly
              value={url}
              onFocus={(e) => {
                e.target.select();
              }}
            />
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                // The clipboard exists only in secure contexts; the field stays selectable.
                try {
                  void navigator.clipboard.writeText(url).then(
                    () => {
                      setCopied(true);
                    },
                    () => undefined,
                  );
                } catch {
                  /* no clipboard here */
                }
              }}
            >
              {t('agenda.copy')}
            </button>
          </div>
          <p className="hint">{t('agenda.subscribeHelp')}</p>
          <p role="status" className="hint">
            {copied ? t('agenda.copied') : ''}
          </p>
        </div>
      ) : null}
    </section>
  );
}
