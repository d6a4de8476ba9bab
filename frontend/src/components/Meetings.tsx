import { useQueries } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useApi } from '../api/context';
import { useMeetingActions } from '../api/expo';
import { ApiError, unwrap } from '../api/problem';
import { queryKeys } from '../api/queries';
import type { Hall, Meeting, MeetingAction, Party } from '../api/types';
import { useI18n } from '../i18n/context';
import { EVENT_SLUG } from '../lib/event';
import { formErrors } from '../lib/fieldErrors';
import { defaultSlot, formatSpan, MAX_SLOTS, slotProblem, SLOT_MINUTES, toSlot, type SlotDraft } from '../lib/expo';
import { meetingErrorLines } from '../lib/meetingErrors';
import { formatDate } from '../lib/partnerships';
import { FormProblem } from './FormParts';

/** Every meeting table's name, by id, from the plans of the given halls. */
function useTableNames(hallIds: readonly number[]): Map<number, string> {
  const api = useApi();
  const plans = useQueries({
    queries: hallIds.map((id) => ({
      queryKey: queryKeys.floorPlan(EVENT_SLUG, id),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/events/{event}/halls/{id}/floor-plan', { params: { path: { event: EVENT_SLUG, id } } }),
        ),
    })),
  });
  const names = new Map<number, string>();
  for (const plan of plans) for (const table of plan.data?.meeting_tables ?? []) names.set(table.id, table.name);
  return names;
}

/**
 * A list of meetings seen from one side (`viewer`): who with, when, where, and the actions
 * the API allows (`allowed_actions`) that this side may take: the requester may only cancel.
 * Accepting names one of the proposed slots.
 */
export function MeetingList({
  meetings,
  viewer,
  counterpart,
  halls,
  zone,
}: {
  meetings: readonly Meeting[];
  viewer: Party;
  counterpart: (meeting: Meeting) => string;
  halls: readonly Hall[];
  zone: string;
}) {
  const { t } = useI18n();
  const tableHalls = [...new Set(meetings.filter((m) => m.table_id != null).map((m) => m.hall_id))].sort();
  const tables = useTableNames(tableHalls);
  const hallName = new Map(halls.map((hall) => [hall.id, hall.name]));
  const order: Record<Meeting['status'], number> = { requested: 0, accepted: 1, declined: 2, cancelled: 3 };
  const rows = [...meetings].sort(
    (a, b) =>
      order[a.status] - order[b.status] ||
      (a.starts_at ?? a.proposed_slots[0]?.starts_at ?? '').localeCompare(b.starts_at ?? b.proposed_slots[0]?.starts_at ?? '') ||
      a.id - b.id,
  );
  if (rows.length === 0) return <p className="state state-empty">{t('meetings.none')}</p>;
  return (
    <ul className="meeting-list">
      {rows.map((meeting) => (
        <MeetingItem
          key={meeting.id}
          meeting={meeting}
          viewer={viewer}
          who={counterpart(meeting)}
          hall={hallName.get(meeting.hall_id)}
          table={meeting.table_id != null ? tables.get(meeting.table_id) : undefined}
          zone={zone}
        />
      ))}
    </ul>
  );
}

function MeetingItem({
  meeting,
  viewer,
  who,
  hall,
  table,
  zone,
}: {
  meeting: Meeting;
  viewer: Party;
  who: string;
  hall: Hall['name'] | undefined;
  table: string | undefined;
  zone: string;
}) {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { act } = useMeetingActions();
  const [slot, setSlot] = useState(meeting.proposed_slots[0]?.starts_at ?? '');
  const [outcome, setOutcome] = useState<{ ok: boolean; lines: string[] } | null>(null);
  const mine = meeting.requested_by === viewer;
  // The API lists what either side could do; the requester may only withdraw (cancel).
  const actions = meeting.allowed_actions.filter((a) => a === 'cancel' || !mine);
  const busy = act.isPending;

  const run = (action: MeetingAction) => {
    setOutcome(null);
    act.mutate(
      { id: meeting.id, action, ...(action === 'accept' ? { startsAt: slot } : {}) },
      {
        onSuccess: (next) => {
          setOutcome({ ok: true, lines: [t('meetings.now', { status: t(`meetingStatus.${next.status}`) })] });
        },
        onError: (error) => {
          setOutcome({ ok: false, lines: meetingErrorLines(error, action, viewer, i18n, zone) });
        },
      },
    );
  };

  const place = [hall ? pick(hall) : null, table ? t('meetings.table', { table }) : null].filter(Boolean).join(' · ');
  return (
    <li className={`card meeting meeting-${meeting.status}`} aria-labelledby={`meeting-${String(meeting.id)}`}>
      <div className="meeting-head">
        <h3 id={`meeting-${String(meeting.id)}`}>{who}</h3>
        <span className={`chip mstatus-${meeting.status}`}>{t(`meetingStatus.${meeting.status}`)}</span>
      </div>
      <p className="muted small">
        {mine ? t('meetings.byYou') : t('meetings.byThem')}
        {place ? ` · ${place}` : ''}
      </p>
      {meeting.starts_at ? (
        <p className="meeting-when">
          <strong>{formatSpan(meeting.starts_at, meeting.ends_at, locale, zone)}</strong>
        </p>
      ) : null}
      {meeting.message ? <blockquote className="meeting-message">{meeting.message}</blockquote> : null}
      {meeting.status === 'requested' ? (
        actions.includes('accept') ? (
          <fieldset className="slot-choice">
            <legend>{t('meetings.chooseSlot')}</legend>
            {meeting.proposed_slots.map((s) => (
              <label key={s.starts_at} className="checkbox-field">
                <input
                  type="radio"
                  name={`slot-${String(meeting.id)}`}
                  value={s.starts_at}
                  checked={slot === s.starts_at}
                  onChange={() => {
                    setSlot(s.starts_at);
                  }}
                />
                <span>{formatSpan(s.starts_at, s.ends_at, locale, zone)}</span>
              </label>
            ))}
          </fieldset>
        ) : (
          <div>
            <p className="small muted">{t('meetings.proposed')}</p>
            <ul className="plain-list">
              {meeting.proposed_slots.map((s) => (
                <li key={s.starts_at}>{formatSpan(s.starts_at, s.ends_at, locale, zone)}</li>
              ))}
            </ul>
          </div>
        )
      ) : null}
      {actions.length > 0 ? (
        <div className="row-actions">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className={action === 'accept' ? 'button button-small' : 'button button-secondary button-small'}
              disabled={busy}
              aria-label={`${t(`meetingAction.${action}`)}: ${who}`}
              onClick={() => {
                run(action);
              }}
            >
              {t(action === 'accept' ? 'meetings.acceptSlot' : `meetingAction.${action}`)}
            </button>
          ))}
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {outcome ? (
          <div className={outcome.ok ? 'flash flash-ok' : 'flash flash-fail'}>
            {outcome.lines.length === 1 ? (
              outcome.lines[0]
            ) : (
              <>
                <p>{outcome.lines[0]}</p>
                <ul>
                  {outcome.lines.slice(1).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        ) : null}
      </div>
    </li>
  );
}

/**
 * The slots and message of a meeting request, inside the chosen hall's opening hours, and
 * the request itself. `delegateId`/`exhibitorId` come from the page (one is the user).
 */
export function MeetingRequestForm({
  delegateId,
  exhibitorId,
  hall,
  chooseHall,
  viewer,
  zone,
  idPrefix,
  onSent,
}: {
  delegateId: number | null;
  exhibitorId: number | null;
  hall: Hall | undefined;
  /** True when the request names the hall (the default is the exhibitor's booth's). */
  chooseHall: boolean;
  viewer: Party;
  zone: string;
  idPrefix: string;
  onSent?: (meeting: Meeting) => void;
}) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { request } = useMeetingActions();
  const [slots, setSlots] = useState<SlotDraft[]>([defaultSlot(hall)]);
  const [message, setMessage] = useState('');
  const [checked, setChecked] = useState(false);
  const [sent, setSent] = useState<Meeting | null>(null);
  const hours = hall?.opening_hours ?? [];
  const days = [...hours].sort((a, b) => a.date.localeCompare(b.date));
  const problems = slots.map((slot) => slotProblem(slot, hours));

  const error = request.error;
  const { errorFor: errorAt, others } = formErrors(error, ['slots', 'message']);
  const slotError = (index: number) => {
    const local = checked ? problems[index] : null;
    if (local) return t(`meetings.slot.${local}`);
    return errorAt(`slots[${String(index)}]`) ?? errorAt(`slots.${String(index)}`);
  };

  const update = (index: number, change: Partial<SlotDraft>) => {
    setSlots((list) => list.map((slot, i) => (i === index ? { ...slot, ...change } : slot)));
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setChecked(true);
    setSent(null);
    if (delegateId === null || exhibitorId === null || problems.some(Boolean)) return;
    const body = slots.map((slot) => toSlot(slot, zone));
    if (body.some((slot) => slot === null)) return;
    request.mutate(
      {
        delegate_id: delegateId,
        exhibitor_id: exhibitorId,
        slots: body.filter((slot) => slot !== null),
        ...(chooseHall && hall ? { hall_id: hall.id } : {}),
        ...(message.trim() ? { message: message.trim() } : {}),
      },
      {
        onSuccess: (meeting) => {
          setSent(meeting);
          setChecked(false);
          setMessage('');
          onSent?.(meeting);
        },
      },
    );
  };

  return (
    <form className="form meeting-form" onSubmit={onSubmit} noValidate>
      <fieldset>
        <legend>{t('meetings.slots', { max: MAX_SLOTS })}</legend>
        {hall ? (
          <p className="hint">
            {t('meetings.hours', {
              hall: i18n.pick(hall.name),
              hours: days.map((d) => `${formatDate(d.date, locale)} ${d.opens}–${d.closes}`).join('; ') || '—',
            })}
          </p>
        ) : null}
        {errorAt('slots') && !slots.some((_, i) => slotError(i)) ? <p className="field-error">{errorAt('slots')}</p> : null}
        <ol className="slot-list">
          {slots.map((slot, index) => {
            const id = `${idPrefix}-slot-${String(index)}`;
            const problem = slotError(index);
            return (
              <li key={index} className={problem ? 'slot-row field-invalid' : 'slot-row'}>
                <div className="field">
                  <label htmlFor={`${id}-date`}>{t('meetings.slotDay', { n: index + 1 })}</label>
                  <select
                    id={`${id}-date`}
                    value={slot.date}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `${id}-error` : undefined}
                    onChange={(e) => {
                      update(index, { date: e.target.value });
                    }}
                  >
                    {days.length === 0 ? <option value="">—</option> : null}
                    {days.map((d) => (
                      <option key={d.date} value={d.date}>
                        {formatDate(d.date, locale)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-start`}>{t('meetings.slotStart', { n: index + 1 })}</label>
                  <input
                    id={`${id}-start`}
                    type="time"
                    step={300}
                    value={slot.start}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `${id}-error` : undefined}
                    onChange={(e) => {
                      update(index, { start: e.target.value });
                    }}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-length`}>{t('meetings.slotLength', { n: index + 1 })}</label>
                  <select
                    id={`${id}-length`}
                    value={slot.minutes}
                    onChange={(e) => {
                      update(index, { minutes: Number(e.target.value) });
                    }}
                  >
                    {SLOT_MINUTES.map((minutes) => (
                      <option key={minutes} value={minutes}>
                        {t('meetings.minutes', { minutes })}
                      </option>
                    ))}
                  </select>
                </div>
                {slots.length > 1 ? (
                  <button
                    type="button"
                    className="button button-secondary button-small slot-remove"
                    aria-label={t('meetings.removeSlot', { n: index + 1 })}
                    onClick={() => {
                      setSlots((list) => list.filter((_, i) => i !== index));
                    }}
                  >
                    ×
                  </button>
                ) : null}
                {problem ? (
                  <span className="field-error slot-error" id={`${id}-error`}>
                    {problem}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ol>
        {slots.length < MAX_SLOTS ? (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              setSlots((list) => [...list, defaultSlot(hall, list.length)]);
            }}
          >
            {t('meetings.addSlot')}
          </button>
        ) : null}
      </fieldset>
      <div className={errorAt('message') ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${idPrefix}-message`}>{t('meetings.message')}</label>
        <textarea
          id={`${idPrefix}-message`}
          rows={3}
          maxLength={1000}
          value={message}
          aria-invalid={errorAt('message') ? true : undefined}
          onChange={(e) => {
            setMessage(e.target.value);
          }}
        />
        {errorAt('message') ? <span className="field-error">{errorAt('message')}</span> : null}
      </div>
      <div className="form-footer" aria-live="polite">
        {error && !(error instanceof ApiError && error.status === 422) ? (
          <div className="state state-error" role="alert">
            {meetingErrorLines(error, 'request', viewer, i18n, zone).map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
        ) : null}
        {error instanceof ApiError && error.status === 422 ? <FormProblem error={error} others={others} /> : null}
        {sent ? (
          <p className="flash flash-ok" role="status">
            {t('meetings.sent')}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={request.isPending || delegateId === null || exhibitorId === null}>
          {request.isPending ? t('meetings.sending') : t('meetings.send')}
        </button>
      </div>
    </form>
  );
}
