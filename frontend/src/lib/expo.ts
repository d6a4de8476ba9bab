import type {
  ApplicationAction,
  ApplicationOutcome,
  ApplicationStatus,
  BoothType,
  ConflictKind,
  CountryCode,
  ExhibitorKind,
  Hall,
  MeetingAction,
  MeetingStatus,
  OpeningHours,
  Party,
  Problem,
  Sector,
  SessionStatus,
  Slot,
} from '../api/types';
import type { I18n } from '../i18n/context';
import { fromZonedInput } from './time';

/**
 * The expo's vocabularies in display order. Each list is the keys of a record typed by
 * the generated enum, so a value added to the spec fails the build until it is placed
 * here. Which application or meeting actions are possible is never decided here:
 * exhibitors and meetings carry `allowed_actions`, and a refused action answers 409 with
 * `allowed_transitions`.
 */
function ordered<T extends string>(order: Record<T, number>): T[] {
  return (Object.keys(order) as T[]).sort((a, b) => order[a] - order[b]);
}

function guard<T extends string>(order: Record<T, number>) {
  return (value: unknown): value is T => typeof value === 'string' && Object.hasOwn(order, value);
}

const SECTOR_ORDER: Record<Sector, number> = {
  equipment: 0,
  tourism: 1,
  sports: 2,
  culture_ip: 3,
  technology: 4,
  construction: 5,
  education: 6,
  services: 7,
  media: 8,
};
const KIND_ORDER: Record<ExhibitorKind, number> = { company: 0, city: 1, institution: 2, association: 3 };
const APPLICATION_ORDER: Record<ApplicationStatus, number> = {
  applied: 0,
  under_review: 1,
  approved: 2,
  rejected: 3,
  withdrawn: 4,
};
const APPLICATION_ACTION_ORDER: Record<ApplicationAction, number> = {
  review: 0,
  approve: 1,
  reject: 2,
  withdraw: 3,
  reapply: 4,
};
const MEETING_STATUS_ORDER: Record<MeetingStatus, number> = { requested: 0, accepted: 1, declined: 2, cancelled: 3 };
const MEETING_ACTION_ORDER: Record<MeetingAction, number> = { accept: 0, decline: 1, cancel: 2 };
const BOOTH_TYPE_ORDER: Record<BoothType, number> = { standard: 0, corner: 1, island: 2, raw_space: 3 };
const CONFLICT_KIND_ORDER: Record<ConflictKind, number> = {
  room_overlap: 0,
  speaker_double_booked: 1,
  capacity_exceeds_room: 2,
  delegate_double_booked: 3,
};
const SESSION_STATUS_ORDER: Record<SessionStatus, number> = { draft: 0, published: 1, cancelled: 2 };
const PARTY_ORDER: Record<Party, number> = { delegate: 0, exhibitor: 1 };

export const SECTORS = ordered(SECTOR_ORDER);
export const EXHIBITOR_KINDS = ordered(KIND_ORDER);
export const APPLICATION_STATUSES = ordered(APPLICATION_ORDER);
export const APPLICATION_ACTIONS = ordered(APPLICATION_ACTION_ORDER);
export const MEETING_STATUSES = ordered(MEETING_STATUS_ORDER);
export const MEETING_ACTIONS = ordered(MEETING_ACTION_ORDER);
export const BOOTH_TYPES = ordered(BOOTH_TYPE_ORDER);
export const CONFLICT_KINDS = ordered(CONFLICT_KIND_ORDER);
export const SESSION_STATUSES = ordered(SESSION_STATUS_ORDER);

export const isSector = guard(SECTOR_ORDER);
export const isExhibitorKind = guard(KIND_ORDER);
export const isApplicationStatus = guard(APPLICATION_ORDER);
export const isApplicationAction = guard(APPLICATION_ACTION_ORDER);
export const isMeetingStatus = guard(MEETING_STATUS_ORDER);
export const isMeetingAction = guard(MEETING_ACTION_ORDER);
export const isConflictKind = guard(CONFLICT_KIND_ORDER);
export const isSessionStatus = guard(SESSION_STATUS_ORDER);
export const isParty = guard(PARTY_ORDER);

/** An ISO 3166-1 alpha-2 code as the exhibitor filters take it (the API checks it is assigned). */
export function isCountry(value: unknown): value is CountryCode {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value);
}

/** The most slots a meeting request may propose, and their lengths (10 minutes to 2 hours). */
export const MAX_SLOTS = 3;
export const SLOT_MINUTES = [15, 30, 45, 60, 90, 120] as const;

/** One proposed time as the request form holds it: a hall day, a start on its clock, a length. */
export interface SlotDraft {
  date: string;
  start: string;
  minutes: number;
}

function minutesOf(hhmm: string): number | null {
  const match = /^(\d{1,2}):(\d{2})/.exec(hhmm);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Why a slot does not fit the hall's opening hours, or null when it does: `closed` (no
 * opening hours that day), `early` (starts before opening), `late` (ends after closing),
 * `time` (no valid start). The API checks the same and answers 422; this only saves a trip.
 */
export function slotProblem(slot: SlotDraft, hours: readonly OpeningHours[]): 'closed' | 'early' | 'late' | 'time' | null {
  const day = hours.find((h) => h.date === slot.date);
  if (!day) return 'closed';
  const start = minutesOf(slot.start);
  const opens = minutesOf(day.opens);
  const closes = minutesOf(day.closes);
  if (start === null || opens === null || closes === null) return 'time';
  if (start < opens) return 'early';
  if (start + slot.minutes > closes) return 'late';
  return null;
}

/** A slot as the API takes it: instants (UTC) of the start and end on the event's clock. */
export function toSlot(slot: SlotDraft, timeZone: string): Slot | null {
  const starts = fromZonedInput(`${slot.date}T${slot.start}`, timeZone);
  if (!starts) return null;
  const ends = new Date(Date.parse(starts) + slot.minutes * 60_000).toISOString().replace('.000Z', 'Z');
  return { starts_at: starts, ends_at: ends };
}

/** A first suggestion for a slot: the hall's first day, an hour after opening, 30 minutes. */
export function defaultSlot(hall: Pick<Hall, 'opening_hours'> | undefined, index = 0): SlotDraft {
  const days = [...(hall?.opening_hours ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  const day = days[index % Math.max(1, days.length)];
  const opens = day ? (minutesOf(day.opens) ?? 540) : 540;
  const at = opens + 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: day?.date ?? '', start: `${pad(Math.floor(at / 60))}:${pad(at % 60)}`, minutes: 30 };
}

/**
 * One clash that a meeting's acceptance ran into, as the 409's `conflicts` extension
 * describes it. The extension is not part of the spec's schemas (a problem's extensions
 * are open), so it is read defensively here and anything unknown is kept as `other`.
 */
export type MeetingClash =
  | { kind: 'meeting'; party: Party; meetingId: number | null; startsAt: string | null; endsAt: string | null }
  | { kind: 'session'; sessionId: number | null; title: string; startsAt: string | null; endsAt: string | null }
  | { kind: 'meeting_tables'; hallId: number | null; tables: number | null }
  | { kind: 'other'; text: string };

function field(value: object, name: string): unknown {
  return (value as Record<string, unknown>)[name];
}

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The `conflicts` of a meeting's 409, each in a shape the page can put into words. */
export function meetingClashes(problem: Problem | null | undefined): MeetingClash[] {
  const list = problem?.conflicts;
  if (!Array.isArray(list)) return [];
  return list.map((item: unknown): MeetingClash => {
    if (typeof item !== 'object' || item === null) return { kind: 'other', text: String(item) };
    const kind = field(item, 'kind');
    if (kind === 'meeting') {
      const party = field(item, 'party');
      return {
        kind,
        party: isParty(party) ? party : 'delegate',
        meetingId: num(field(item, 'meeting_id')),
        startsAt: str(field(item, 'starts_at')),
        endsAt: str(field(item, 'ends_at')),
      };
    }
    if (kind === 'session') {
      return {
        kind,
        sessionId: num(field(item, 'session_id')),
        title: str(field(item, 'title')) ?? '',
        startsAt: str(field(item, 'starts_at')),
        endsAt: str(field(item, 'ends_at')),
      };
    }
    if (kind === 'meeting_tables') {
      return { kind, hallId: num(field(item, 'hall_id')), tables: num(field(item, 'tables')) };
    }
    return { kind: 'other', text: JSON.stringify(item) };
  });
}

/**
 * The application actions an exhibitor may take itself (the others are the organizers').
 * Which of them is possible now is the exhibitor's `allowed_actions`.
 */
export const OWN_APPLICATION_ACTIONS: readonly ApplicationAction[] = ['withdraw', 'reapply'];

/** Of the actions the API allows now, those the exhibitor may take itself, in display order. */
export function ownApplicationActions(allowed: readonly ApplicationAction[]): ApplicationAction[] {
  return APPLICATION_ACTIONS.filter((a) => allowed.includes(a) && OWN_APPLICATION_ACTIONS.includes(a));
}

/** An application's move in plain words: from and to, and what leaving `approved` released. */
export function describeApplicationMove(t: I18n['t'], name: string, from: ApplicationStatus, outcome: ApplicationOutcome): string {
  const parts = [t('apps.moved', { name, from: t(`application.${from}`), to: t(`application.${outcome.exhibitor.status}`) })];
  if (outcome.released_booths.length > 0) {
    parts.push(t('apps.released', { booths: outcome.released_booths.map((b) => b.code).join(', ') }));
  }
  if (outcome.cancelled_meetings.length > 0) {
    parts.push(t('apps.cancelledMeetings', { count: outcome.cancelled_meetings.length }));
  }
  return parts.join(' ');
}

/** The allowed actions a 409 lists (`allowed_transitions`), kept to those `isAction` knows. */
export function allowedFrom<T extends string>(problem: Problem | null | undefined, isAction: (v: unknown) => v is T): T[] | null {
  const allowed = problem?.allowed_transitions;
  return Array.isArray(allowed) ? allowed.filter(isAction) : null;
}

/** A time span on the event's clock: "Tue 6 Jan, 10:00–10:30". */
export function formatSpan(startsAt: string, endsAt: string | null | undefined, locale: string, timeZone: string): string {
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  const start = new Date(startsAt);
  const head = `${day.format(start)}${locale.startsWith('zh') ? ' ' : ', '}${time.format(start)}`;
  return endsAt ? `${head}–${time.format(new Date(endsAt))}` : head;
}
