import { useEffect, useState, type ReactNode, type SubmitEvent } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useConflicts, useEditorSessions, useSessionEditor } from '../../api/program';
import { ApiError } from '../../api/problem';
import { useEvent, usePlaces, useSession } from '../../api/queries';
import type { Conflict, Session, SessionInput, SessionKind, SessionStatus } from '../../api/types';
import { SpeakersField } from '../../components/SpeakersField';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import { formatSpan, isSessionStatus, SESSION_STATUSES } from '../../lib/expo';
import { isSessionKind, placeName, SESSION_KINDS } from '../../lib/program';
import { speakerDrafts, speakerErrors, speakerInputs, type SpeakerDraft } from '../../lib/speakers';
import { fromZonedInput, toZonedInput } from '../../lib/time';
import { NotFound } from '../NotFound';

/** Conflicts in plain words: what clashes, the API's detail, and links to the sessions. */
function ConflictList({ conflicts, titles }: { conflicts: readonly Conflict[]; titles: ReadonlyMap<number, string> }) {
  const { t } = useI18n();
  return (
    <ul className="conflict-list">
      {conflicts.map((c, index) => (
        <li key={`${c.kind}-${c.sessions.join('-')}-${String(c.delegate_id ?? '')}-${String(index)}`} className={`conflict conflict-${c.kind}`}>
          <strong>{t(`conflict.${c.kind}`)}</strong>
          <span className="conflict-detail"> {c.detail}</span>
          <span className="conflict-sessions">
            {c.sessions.map((id, i) => (
              <span key={id}>
                {i > 0 ? ' · ' : ' '}
                <Link to={`/admin/programme/${String(id)}`}>{titles.get(id) ?? t('editor.sessionN', { id })}</Link>
              </span>
            ))}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The back office's session list, with the programme's conflict report. */
export function SessionList() {
  const { t, pick, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const q = params.get('q')?.trim() ?? '';
  const sessions = useEditorSessions({ ...(isSessionStatus(status) ? { status } : {}), ...(q ? { q } : {}) });
  const all = useEditorSessions({});
  const conflicts = useConflicts();
  const places = usePlaces();
  const event = useEvent();
  const zone = event.data?.time_zone ?? 'Asia/Shanghai';
  const titles = new Map((all.data ?? []).map((s) => [s.id, pick(s.title)]));
  const rows = sessions.data ?? [];
  const clashing = new Set((conflicts.data ?? []).flatMap((c) => c.sessions));

  const setFilter = (name: string, value: string) => {
    // From the latest URL: two quick changes must not undo each other.
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <div className="page wide">
      <div className="page-head">
        <div>
          <h1>{t('editor.title')}</h1>
          <p className="lead">{t('editor.intro', { zone })}</p>
        </div>
        <Link className="button" to="/admin/programme/new">
          {t('editor.new')}
        </Link>
      </div>

      <section aria-labelledby="conflicts-heading" className="card conflicts-report">
        <h2 id="conflicts-heading">{t('editor.conflicts')}</h2>
        {conflicts.isPending ? <Loading /> : null}
        {conflicts.isError ? <ErrorMessage error={conflicts.error} onRetry={() => void conflicts.refetch()} /> : null}
        {conflicts.data && conflicts.data.length === 0 ? <p className="flash flash-ok">{t('editor.noConflicts')}</p> : null}
        {conflicts.data && conflicts.data.length > 0 ? (
          <>
            <p className="flash flash-warn">{t('editor.conflictCount', { count: conflicts.data.length })}</p>
            <ConflictList conflicts={conflicts.data} titles={titles} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('editor.sessions')}</h2>
        <form
          className="filters editor-filters"
          aria-label={t('editor.filters')}
          onSubmit={(e) => {
            e.preventDefault();
            const value = new FormData(e.currentTarget).get('q');
            setFilter('q', typeof value === 'string' ? value.trim() : '');
          }}
        >
          <div className="field">
            <label htmlFor="se-status">{t('editor.status')}</label>
            <select
              id="se-status"
              value={isSessionStatus(status) ? status : ''}
              onChange={(e) => {
                setFilter('status', e.target.value);
              }}
            >
              <option value="">{t('adminP.any')}</option>
              {SESSION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`sessionStatus.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="se-q">{t('editor.q')}</label>
            <input id="se-q" name="q" type="search" defaultValue={q} key={q} />
          </div>
          <div className="filter-buttons">
            <button type="submit" className="button">
              {t('adminP.apply')}
            </button>
          </div>
        </form>
        {sessions.isPending ? <Loading /> : null}
        {sessions.isError ? <ErrorMessage error={sessions.error} onRetry={() => void sessions.refetch()} /> : null}
        {sessions.data && rows.length === 0 ? <Empty /> : null}
        {rows.length > 0 ? (
          <div className="table-wrap">
            <table className="table stack-table editor-table" aria-busy={sessions.isFetching}>
              <caption className="visually-hidden">{t('editor.sessions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('editor.sessionTitle')}</th>
                  <th scope="col">{t('editor.when')}</th>
                  <th scope="col">{t('editor.place')}</th>
                  <th scope="col">{t('editor.kind')}</th>
                  <th scope="col">{t('editor.status')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => {
                  const place = placeName(s, places.data, pick);
                  return (
                    <tr key={s.id}>
                      <th scope="row">
                        <Link to={`/admin/programme/${String(s.id)}`}>{pick(s.title)}</Link>
                        {clashing.has(s.id) ? <span className="chip chip-warn">{t('editor.clashes')}</span> : null}
                      </th>
                      <td data-label={t('editor.when')}>{formatSpan(s.starts_at, s.ends_at, locale, zone)}</td>
                      <td data-label={t('editor.place')}>{[place.room, place.venue].filter(Boolean).join(' · ') || '—'}</td>
                      <td data-label={t('editor.kind')}>{t(`kind.${s.kind}`)}</td>
                      <td data-label={t('editor.status')}>
                        <span className={`chip chip-${s.status}`}>{t(`sessionStatus.${s.status}`)}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}

interface Draft {
  titleEn: string;
  titleZh: string;
  kind: SessionKind;
  status: SessionStatus;
  theme: string;
  roomId: string;
  venueId: string;
  startsAt: string;
  endsAt: string;
  capacity: string;
  languages: string;
  interpretation: string;
  descriptionEn: string;
  descriptionZh: string;
  speakers: SpeakerDraft[];
}

function toDraft(s: Session | undefined, zone: string): Draft {
  return {
    titleEn: s?.title.en ?? '',
    titleZh: s?.title.zh ?? '',
    kind: s?.kind ?? 'thematic_session',
    status: s?.status ?? 'draft',
    theme: s?.theme ?? '',
    roomId: s?.room_id != null ? String(s.room_id) : '',
    venueId: s?.room_id == null && s?.venue_id != null ? String(s.venue_id) : '',
    startsAt: toZonedInput(s?.starts_at, zone),
    endsAt: toZonedInput(s?.ends_at, zone),
    capacity: s?.capacity != null ? String(s.capacity) : '',
    languages: (s?.languages ?? ['en']).join(', '),
    interpretation: (s?.interpretation ?? []).join(', '),
    descriptionEn: s?.description?.en ?? '',
    descriptionZh: s?.description?.zh ?? '',
    speakers: speakerDrafts(s?.speakers ?? []),
  };
}

const codes = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((code) => code.trim())
    .filter(Boolean);

/** The body both create and update take: a whole session (blank optional texts left out). */
function toInput(d: Draft, zone: string): SessionInput {
  const starts = fromZonedInput(d.startsAt, zone);
  const ends = fromZonedInput(d.endsAt, zone);
  return {
    title: { en: d.titleEn.trim(), ...(d.titleZh.trim() ? { zh: d.titleZh.trim() } : {}) },
    kind: d.kind,
    status: d.status,
    theme: d.theme || null,
    starts_at: starts ?? d.startsAt,
    ends_at: ends ?? d.endsAt,
    room_id: d.roomId ? Number(d.roomId) : null,
    venue_id: !d.roomId && d.venueId ? Number(d.venueId) : null,
    capacity: d.capacity.trim() ? Number(d.capacity) : null,
    languages: codes(d.languages),
    interpretation: codes(d.interpretation),
    description: d.descriptionEn.trim()
      ? { en: d.descriptionEn.trim(), ...(d.descriptionZh.trim() ? { zh: d.descriptionZh.trim() } : {}) }
      : null,
    speakers: speakerInputs(d.speakers),
  };
}

/** `/admin/programme/new` and `/admin/programme/:id`: the session form. */
export function SessionEditor() {
  const { id: raw } = useParams();
  if (raw === undefined || raw === 'new') return <EditorForm key="new" session={undefined} />;
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) return <NotFound />;
  return <ExistingSession key={id} id={id} />;
}

function ExistingSession({ id }: { id: number }) {
  const session = useSession(id);
  if (session.isPending) return <Loading />;
  if (session.isError) {
    return (
      <div className="page narrow">
        <ErrorMessage error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  }
  return <EditorForm session={session.data} />;
}

function EditorForm({ session }: { session: Session | undefined }) {
  const { t, pick, locale } = useI18n();
  const navigate = useNavigate();
  const event = useEvent();
  const places = usePlaces();
  const all = useEditorSessions({});
  const conflicts = useConflicts();
  const zone = event.data?.time_zone ?? 'Asia/Shanghai';
  const { create, update } = useSessionEditor();
  const [draft, setDraft] = useState<Draft>(() => toDraft(session, zone));
  const [saved, setSaved] = useState<Session | null>(null);
  const mutation = session ? update : create;
  const error = mutation.error;
  const fieldErrors = error instanceof ApiError && error.status === 422 ? error.fieldErrors : new Map<string, string>();
  const errorFor = (name: string) => {
    for (const [field, message] of fieldErrors) if (field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`)) return message;
    return undefined;
  };
  const known = ['title', 'kind', 'status', 'theme', 'room_id', 'venue_id', 'starts_at', 'ends_at', 'capacity', 'languages', 'interpretation', 'description', 'speakers'];
  const otherErrors = [...fieldErrors].filter(([f]) => !known.some((k) => f === k || f.startsWith(`${k}.`) || f.startsWith(`${k}[`)));
  const titles = new Map((all.data ?? []).map((s) => [s.id, pick(s.title)]));
  const rooms = [...(places.data?.rooms.values() ?? [])];
  const venues = [...(places.data?.venues.values() ?? [])];
  const mine = session ? (conflicts.data ?? []).filter((c) => c.sessions.includes(session.id)) : [];
  const warnings = saved?.warnings ?? [];

  const set = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
  };

  const field = (id: string, name: string, label: string, input: (props: { 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode, hint?: string) => {
    const message = errorFor(name);
    const describedBy = [message ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className={message ? 'field field-invalid' : 'field'}>
        <label htmlFor={id}>{label}</label>
        {input({ 'aria-invalid': message ? true : undefined, 'aria-describedby': describedBy })}
        {hint ? (
          <span className="hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
        {message ? (
          <span className="field-error" id={`${id}-error`}>
            {message}
          </span>
        ) : null}
      </div>
    );
  };

  const onSubmit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setSaved(null);
    const body = toInput(draft, zone);
    if (session) {
      update.mutate(
        { id: session.id, version: session.version, body },
        {
          onSuccess: (next) => {
            setSaved(next);
          },
        },
      );
    } else {
      create.mutate(body, {
        onSuccess: (next) => {
          setSaved(next);
          void navigate(`/admin/programme/${String(next.id)}`, { replace: true, state: { warnings: next.warnings ?? [] } });
        },
      });
    }
  };

  return (
    <div className="page session-editor">
      <p className="back-link">
        <Link to="/admin/programme">← {t('editor.back')}</Link>
      </p>
      <h1>{session ? t('editor.edit', { title: pick(session.title) }) : t('editor.new')}</h1>
      {saved ? null : <CreatedWarnings />}
      <div aria-live="polite">
        {saved ? (
          <p className="flash flash-ok" role="status">
            {t('editor.saved')}{' '}
            {saved.status === 'published' ? <Link to={`/programme/${String(saved.id)}`}>{t('editor.view')}</Link> : null}
          </p>
        ) : null}
        {saved && warnings.length > 0 ? (
          <div className="card warnings" role="alert">
            <h2>{t('editor.warnings', { count: warnings.length })}</h2>
            <p className="muted">{t('editor.warningsHelp')}</p>
            <ConflictList conflicts={warnings} titles={titles} />
          </div>
        ) : null}
      </div>
      <form className="form card" onSubmit={onSubmit} noValidate>
        <div className="grid-2">
          {field('se-title-en', 'title.en', t('editor.titleEn'), (p) => (
            <input id="se-title-en" value={draft.titleEn} {...p} onChange={(e) => { set({ titleEn: e.target.value }); }} />
          ))}
          {field('se-title-zh', 'title.zh', t('editor.titleZh'), (p) => (
            <input id="se-title-zh" lang="zh-Hans" value={draft.titleZh} {...p} onChange={(e) => { set({ titleZh: e.target.value }); }} />
          ))}
        </div>
        <div className="grid-2">
          {field('se-kind', 'kind', t('editor.kind'), (p) => (
            <select id="se-kind" value={draft.kind} {...p} onChange={(e) => { if (isSessionKind(e.target.value)) set({ kind: e.target.value }); }}>
              {SESSION_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`kind.${kind}`)}
                </option>
              ))}
            </select>
          ))}
          {field('se-status-f', 'status', t('editor.status'), (p) => (
            <select id="se-status-f" value={draft.status} {...p} onChange={(e) => { if (isSessionStatus(e.target.value)) set({ status: e.target.value }); }}>
              {SESSION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`sessionStatus.${s}`)}
                </option>
              ))}
            </select>
          ))}
        </div>
        <div className="grid-2">
          {field('se-starts', 'starts_at', t('editor.starts', { zone }), (p) => (
            <input id="se-starts" type="datetime-local" value={draft.startsAt} {...p} onChange={(e) => { set({ startsAt: e.target.value }); }} />
          ))}
          {field('se-ends', 'ends_at', t('editor.ends', { zone }), (p) => (
            <input id="se-ends" type="datetime-local" value={draft.endsAt} {...p} onChange={(e) => { set({ endsAt: e.target.value }); }} />
          ))}
        </div>
        <div className="grid-2">
          {field('se-room', 'room_id', t('editor.room'), (p) => (
            <select id="se-room" value={draft.roomId} {...p} onChange={(e) => { set({ roomId: e.target.value }); }}>
              <option value="">{t('editor.noRoom')}</option>
              {rooms.map((room) => {
                const where = placeName({ room_id: room.id }, places.data, pick);
                return (
                  <option key={room.id} value={room.id}>
                    {[where.room, where.venue].filter(Boolean).join(' · ')}
                    {` (${String(room.capacity)})`}
                  </option>
                );
              })}
            </select>
          ))}
          {field('se-venue', 'venue_id', t('editor.venue'), (p) => (
            <select id="se-venue" value={draft.venueId} disabled={Boolean(draft.roomId)} {...p} onChange={(e) => { set({ venueId: e.target.value }); }}>
              <option value="">—</option>
              {venues.map((venue) => (
                <option key={venue.id} value={venue.id}>
                  {pick(venue.name)}
                </option>
              ))}
            </select>
          ), t('editor.venueHint'))}
        </div>
        <div className="grid-2">
          {field('se-theme', 'theme', t('editor.theme'), (p) => (
            <select id="se-theme" value={draft.theme} {...p} onChange={(e) => { set({ theme: e.target.value }); }}>
              <option value="">—</option>
              {(event.data?.themes ?? []).map((theme) => (
                <option key={theme.code} value={theme.code}>
                  {pick(theme.name)}
                </option>
              ))}
            </select>
          ))}
          {field('se-capacity', 'capacity', t('editor.capacity'), (p) => (
            <input id="se-capacity" type="number" min={1} inputMode="numeric" value={draft.capacity} {...p} onChange={(e) => { set({ capacity: e.target.value }); }} />
          ), t('editor.capacityHint'))}
        </div>
        <div className="grid-2">
          {field('se-languages', 'languages', t('editor.languages'), (p) => (
            <input id="se-languages" value={draft.languages} {...p} onChange={(e) => { set({ languages: e.target.value }); }} />
          ), t('editor.codesHint'))}
          {field('se-interpretation', 'interpretation', t('editor.interpretation'), (p) => (
            <input id="se-interpretation" value={draft.interpretation} {...p} onChange={(e) => { set({ interpretation: e.target.value }); }} />
          ), t('editor.codesHint'))}
        </div>
        {field('se-desc-en', 'description.en', t('editor.descriptionEn'), (p) => (
          <textarea id="se-desc-en" rows={3} value={draft.descriptionEn} {...p} onChange={(e) => { set({ descriptionEn: e.target.value }); }} />
        ))}
        {field('se-desc-zh', 'description.zh', t('editor.descriptionZh'), (p) => (
          <textarea id="se-desc-zh" lang="zh-Hans" rows={3} value={draft.descriptionZh} {...p} onChange={(e) => { set({ descriptionZh: e.target.value }); }} />
        ))}
        <SpeakersField
          id="se-speakers"
          speakers={draft.speakers}
          errors={speakerErrors(fieldErrors)}
          onChange={(speakers) => {
            set({ speakers });
          }}
        />
        <div className="form-footer" aria-live="polite">
          {error && !(error instanceof ApiError && error.status === 422) ? <ErrorMessage error={error} /> : null}
          {error instanceof ApiError && error.status === 422 ? (
            <div className="state state-error" role="alert">
              <p>
                <strong>{t('error.422')}</strong>
              </p>
              {otherErrors.length > 0 ? (
                <ul>
                  {otherErrors.map(([name, message]) => (
                    <li key={name}>
                      {name}: {message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          <button type="submit" className="button" disabled={mutation.isPending}>
            {mutation.isPending ? t('editor.saving') : session ? t('editor.save') : t('editor.create')}
          </button>
        </div>
      </form>
      {session ? (
        <section aria-labelledby="own-conflicts" className="card conflicts-report">
          <h2 id="own-conflicts">{t('editor.ownConflicts')}</h2>
          {conflicts.isPending ? <Loading /> : null}
          {conflicts.data && mine.length === 0 ? <p className="muted">{t('editor.noOwnConflicts')}</p> : null}
          {mine.length > 0 ? <ConflictList conflicts={mine} titles={titles} /> : null}
          <p className="muted small">
            {formatSpan(session.starts_at, session.ends_at, locale, zone)} · {t('editor.version', { version: session.version })}
          </p>
        </section>
      ) : null}
    </div>
  );
}

/**
 * After a create, the new session's page shows the warnings the create answered with, once:
 * the history entry forgets them, so a reload does not show clashes that a later save
 * may have resolved.
 */
function CreatedWarnings() {
  const { t, pick } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const all = useEditorSessions({});
  const [warnings] = useState(() => extractWarnings(location.state));
  useEffect(() => {
    if (extractWarnings(location.state) !== null) void navigate(location.pathname, { replace: true, state: null });
  }, [location, navigate]);
  if (warnings === null) return null;
  const titles = new Map((all.data ?? []).map((s) => [s.id, pick(s.title)]));
  return (
    <div aria-live="polite">
      <p className="flash flash-ok" role="status">
        {t('editor.created')}
      </p>
      {warnings.length > 0 ? (
        <div className="card warnings" role="alert">
          <h2>{t('editor.warnings', { count: warnings.length })}</h2>
          <p className="muted">{t('editor.warningsHelp')}</p>
          <ConflictList conflicts={warnings} titles={titles} />
        </div>
      ) : null}
    </div>
  );
}

/** The warnings a create handed over in the router's location state, if it did. */
function extractWarnings(state: unknown): Conflict[] | null {
  if (typeof state !== 'object' || state === null || !('warnings' in state)) return null;
  const warnings: unknown = state.warnings;
  return Array.isArray(warnings) ? (warnings as Conflict[]) : null;
}
