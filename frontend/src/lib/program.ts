import type { LangMap, Room, Session, SessionKind, Venue } from '../api/types';
import { minuteLabel, zonedMinute } from './timetable';

/**
 * Session kinds in display order. The object's type makes the list complete: a kind added
 * to the spec fails the build until it is placed here.
 */
const KIND_ORDER: Record<SessionKind, number> = {
  ceremony: 0,
  main_dialogue: 1,
  thematic_session: 2,
  scenario_sharing: 3,
  site_visit: 4,
  cultural_experience: 5,
  performance: 6,
  expo_event: 7,
  bilateral_meeting: 8,
  break: 9,
};

export const SESSION_KINDS = (Object.keys(KIND_ORDER) as SessionKind[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);

export function isSessionKind(value: unknown): value is SessionKind {
  return typeof value === 'string' && Object.hasOwn(KIND_ORDER, value);
}

/** The kinds and languages (spoken or interpreted) that occur in a programme, for filters. */
export function filterOptions(sessions: readonly Session[]): { kinds: SessionKind[]; languages: string[] } {
  const kinds = new Set(sessions.map((s) => s.kind));
  const languages = new Set(sessions.flatMap((s) => [...s.languages, ...s.interpretation]));
  return { kinds: SESSION_KINDS.filter((kind) => kinds.has(kind)), languages: [...languages].sort() };
}

/** A language code's name in `locale` ("Chinese" / "中文"); the code itself if unknown. */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export interface Places {
  rooms: Map<number, Room>;
  venues: Map<number, Venue>;
}

/** Where a room, a venue or a session is: "Room A · Convention Center", or null if unknown. */
export function placeName(
  where: { room_id?: number | null; venue_id?: number | null },
  places: Places | undefined,
  pick: (map: LangMap) => string,
): { room: string | null; venue: string | null } {
  const room = where.room_id != null ? places?.rooms.get(where.room_id) : undefined;
  const venueId = where.venue_id ?? room?.venue_id ?? null;
  const venue = venueId !== null ? places?.venues.get(venueId) : undefined;
  return { room: room ? pick(room.name) : null, venue: venue ? pick(venue.name) : null };
}

/**
 * A session's time on the event's clock: "Tue 6 January, 09:00–09:45 GMT+8" /
 * "1月6日周二 09:00–09:45 GMT+8". A session past midnight shows its end as a time only.
 */
export function formatSessionTime(startsAt: string, endsAt: string, locale: string, timeZone: string): string {
  const start = zonedMinute(startsAt, timeZone);
  const end = zonedMinute(endsAt, timeZone);
  const date = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'long', timeZone }).format(
    new Date(startsAt),
  );
  const zone =
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date(startsAt))
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  const times = `${minuteLabel(start.minute)}–${minuteLabel(end.minute)}`;
  return locale.startsWith('zh') ? `${date} ${times} ${zone}` : `${date}, ${times} ${zone}`;
}

/** A `YYYY-MM-DD` day as a heading: "Tuesday 6 January 2026" / "2026年1月6日星期二". */
export function formatDay(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)),
  );
}

/**
 * Items (sessions, meetings) by day on the event's clock, each day's in time order of
 * `startOf` (items starting together keep their order).
 */
export function byDay<T>(items: readonly T[], timeZone: string, startOf: (item: T) => string): { date: string; items: T[] }[] {
  const sorted = [...items].sort((a, b) => Date.parse(startOf(a)) - Date.parse(startOf(b)));
  const days: { date: string; items: T[] }[] = [];
  for (const item of sorted) {
    const { date } = zonedMinute(startOf(item), timeZone);
    const last = days.at(-1);
    if (last?.date === date) last.items.push(item);
    else days.push({ date, items: [item] });
  }
  return days;
}
