import { useEffect, useState, type SubmitEvent } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useConflicts, useEditorSessions, useSessionEditor } from '../../api/program';
import { useEvent, usePlaces, useSession } from '../../api/queries';
import type { Conflict, Session, SessionInput, SessionKind, SessionStatus } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { Field, FormFooter } from '../../components/FormParts';
import { SpeakersField } from '../../components/SpeakersField';
import { ErrorMessage, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import { formErrors } from '../../lib/fieldErrors';
import { formatSpan, isSessionStatus, SESSION_STATUSES } from '../../lib/expo';
import { isSessionKind, placeName, SESSION_KINDS } from '../../lib/program';
import { speakerDrafts, speakerErrors, speakerInputs, type SpeakerDraft } from '../../lib/speakers';
import { fromZonedInput, toZonedInput } from '../../lib/time';
import { NotFound } from '../NotFound';
import { useUrlFilter } from '../../components/useUrlFilter';
import { StatusSearchFilters } from '../../components/StatusSearchFilters';

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
  const [params] = useSearchParams();
  const status = params.get('status');
  const q = params.get('q')?.trim() ?? '';
  const sessions = useEditorSessions({ ...(isSessionStatus(status) ? { status } : {}), ...(q ? { q } : {}) });
  const all = useEditorSessions({});
  const conflicts = useConflicts();
  const places = usePlaces();
  const event = useEvent();
  const zone = event.data?.time_zone ?? 'Asia/Shanghai';
  const titles = new Map((all.data ?? []).map((s) => [s.id, pick(s.title)]));
  const clashing = new Set((conflicts.data ?? []).flatMap((c) => c.sessions));

  const setFilter = useUrlFilter();

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
        <StatusSearchFilters
          id="se"
          className="filters editor-filters"
          label={t('editor.filters')}
          statusLabel={t('editor.status')}
          searchLabel={t('editor.q')}
          anyLabel={t('adminP.any')}
          applyLabel={t('adminP.apply')}
          statuses={SESSION_STATUSES}
          statusName={(s) => t(`sessionStatus.${s}`)}
          status={isSessionStatus(status) ? status : ''}
          q={q}
          setFilter={setFilter}
        />
        <DataTable
          query={sessions}
          items={sessions.data}
          caption={t('editor.sessions')}
          className="editor-table"
          columns={[t('editor.sessionTitle'), t('editor.when'), t('editor.place'), t('editor.kind'), t('editor.status')]}
          row={(s) => {
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
          }}
        />
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
  const { fieldErrors, errorFor, others } = formErrors(error, [
    'title',
    'kind',
    'status',
    'theme',
    'room_id',
    'venue_id',
    'starts_at',
    'ends_at',
    'capacity',
    'languages',
    'interpretation',
    'description',
    'speakers',
  ]);
  const titles = new Map((all.data ?? []).map((s) => [s.id, pick(s.title)]));
  const rooms = [...(places.data?.rooms.values() ?? [])];
  const venues = [...(places.data?.venues.values() ?? [])];
  const mine = session ? (conflicts.data ?? []).filter((c) => c.sessions.includes(session.id)) : [];
  const warnings = saved?.warnings ?? [];

  const set = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
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
          <Field id="se-title-en" label={t('editor.titleEn')} error={errorFor('title.en')}>
            {(p) => (
              <input value={draft.titleEn} {...p} onChange={(e) => { set({ titleEn: e.target.value }); }} />
            )}
          </Field>
          <Field id="se-title-zh" label={t('editor.titleZh')} error={errorFor('title.zh')}>
            {(p) => (
              <input lang="zh-Hans" value={draft.titleZh} {...p} onChange={(e) => { set({ titleZh: e.target.value }); }} />
            )}
          </Field>
        </div>
        <div className="grid-2">
          <Field id="se-kind" label={t('editor.kind')} error={errorFor('kind')}>
            {(p) => (
              <select value={draft.kind} {...p} onChange={(e) => { if (isSessionKind(e.target.value)) set({ kind: e.target.value }); }}>
                {SESSION_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`kind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="se-status-f" label={t('editor.status')} error={errorFor('status')}>
            {(p) => (
              <select value={draft.status} {...p} onChange={(e) => { if (isSessionStatus(e.target.value)) set({ status: e.target.value }); }}>
                {SESSION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`sessionStatus.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="grid-2">
          <Field id="se-starts" label={t('editor.starts', { zone })} error={errorFor('starts_at')}>
            {(p) => (
              <input type="datetime-local" value={draft.startsAt} {...p} onChange={(e) => { set({ startsAt: e.target.value }); }} />
            )}
          </Field>
          <Field id="se-ends" label={t('editor.ends', { zone })} error={errorFor('ends_at')}>
            {(p) => (
              <input type="datetime-local" value={draft.endsAt} {...p} onChange={(e) => { set({ endsAt: e.target.value }); }} />
            )}
          </Field>
        </div>
        <div className="grid-2">
          <Field id="se-room" label={t('editor.room')} error={errorFor('room_id')}>
            {(p) => (
              <select value={draft.roomId} {...p} onChange={(e) => { set({ roomId: e.target.value }); }}>
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
            )}
          </Field>
          <Field id="se-venue" label={t('editor.venue')} error={errorFor('venue_id')} hint={t('editor.venueHint')}>
            {(p) => (
              <select value={draft.venueId} disabled={Boolean(draft.roomId)} {...p} onChange={(e) => { set({ venueId: e.target.value }); }}>
                <option value="">—</option>
                {venues.map((venue) => (
                  <option key={venue.id} value={venue.id}>
                    {pick(venue.name)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="grid-2">
          <Field id="se-theme" label={t('editor.theme')} error={errorFor('theme')}>
            {(p) => (
              <select value={draft.theme} {...p} onChange={(e) => { set({ theme: e.target.value }); }}>
                <option value="">—</option>
                {(event.data?.themes ?? []).map((theme) => (
                  <option key={theme.code} value={theme.code}>
                    {pick(theme.name)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="se-capacity" label={t('editor.capacity')} error={errorFor('capacity')} hint={t('editor.capacityHint')}>
            {(p) => (
              <input type="number" min={1} inputMode="numeric" value={draft.capacity} {...p} onChange={(e) => { set({ capacity: e.target.value }); }} />
            )}
          </Field>
        </div>
        <div className="grid-2">
          <Field id="se-languages" label={t('editor.languages')} error={errorFor('languages')} hint={t('editor.codesHint')}>
            {(p) => (
              <input value={draft.languages} {...p} onChange={(e) => { set({ languages: e.target.value }); }} />
            )}
          </Field>
          <Field id="se-interpretation" label={t('editor.interpretation')} error={errorFor('interpretation')} hint={t('editor.codesHint')}>
            {(p) => (
              <input value={draft.interpretation} {...p} onChange={(e) => { set({ interpretation: e.target.value }); }} />
            )}
          </Field>
        </div>
        <Field id="se-desc-en" label={t('editor.descriptionEn')} error={errorFor('description.en')}>
          {(p) => (
            <textarea rows={3} value={draft.descriptionEn} {...p} onChange={(e) => { set({ descriptionEn: e.target.value }); }} />
          )}
        </Field>
        <Field id="se-desc-zh" label={t('editor.descriptionZh')} error={errorFor('description.zh')}>
          {(p) => (
            <textarea lang="zh-Hans" rows={3} value={draft.descriptionZh} {...p} onChange={(e) => { set({ descriptionZh: e.target.value }); }} />
          )}
        </Field>
        <SpeakersField
          id="se-speakers"
          speakers={draft.speakers}
          errors={speakerErrors(fieldErrors)}
          onChange={(speakers) => {
            set({ speakers });
          }}
        />
        <FormFooter
          error={error}
          others={others}
          pending={mutation.isPending}
          submit={session ? t('editor.save') : t('editor.create')}
          submitting={t('editor.saving')}
        />
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
