/**
 * The programme timetable's layout, without React: sessions grouped by day on the event's
 * clock, one column (track) per room or, for sessions without a room, per venue, and rows
 * of fixed minutes. The page turns the numbers into CSS grid lines.
 */
import { wallClockIn } from './time';

/** What the layout needs of a session. */
export interface TimetableSession {
  id: number;
  starts_at: string;
  ends_at: string;
  room_id?: number | null;
  venue_id?: number | null;
}

/** A column of one day: a room, or a venue for sessions without a room, or neither. */
export interface Track {
  key: string;
  roomId: number | null;
  venueId: number | null;
  /** The first sub-column of the track, from 1 (after the time axis). */
  column: number;
  /** How many sub-columns the track has: more than one where its sessions overlap. */
  lanes: number;
}

export interface PlacedSession<S> {
  session: S;
  /** Index into the day's `tracks`. */
  track: number;
  /** The grid column (from 1, time axis excluded) and the row lines (from 1, header excluded). */
  column: number;
  rowStart: number;
  rowEnd: number;
  /** Minutes after midnight on the event's clock. */
  startMinute: number;
  endMinute: number;
}

export interface TimetableDay<S> {
  /** The day on the event's clock, `YYYY-MM-DD`. */
  date: string;
  tracks: Track[];
  /** Sub-columns in all (the sum of the tracks' lanes). */
  columns: number;
  /** The first and last minute the grid shows, whole hours. */
  startMinute: number;
  endMinute: number;
  rows: number;
  /** A label line per whole hour: the minute and the row it starts. */
  hours: { minute: number; row: number }[];
  items: PlacedSession<S>[];
}

const DAY = 24 * 60;
const pad = (n: number) => String(n).padStart(2, '0');

/** "09:30" for 570 minutes. */
export function minuteLabel(minute: number): string {
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

/** The day (`YYYY-MM-DD`) and minute of the day of an instant on `timeZone`'s clock. */
export function zonedMinute(iso: string, timeZone: string): { date: string; minute: number } {
  const c = wallClockIn(new Date(iso).getTime(), timeZone);
  return { date: `${String(c.year)}-${pad(c.month)}-${pad(c.day)}`, minute: c.hour * 60 + c.minute };
}

function trackOf(session: TimetableSession): { key: string; roomId: number | null; venueId: number | null } {
  const roomId = session.room_id ?? null;
  const venueId = session.venue_id ?? null;
  if (roomId !== null) return { key: `room:${String(roomId)}`, roomId, venueId };
  if (venueId !== null) return { key: `venue:${String(venueId)}`, roomId, venueId };
  return { key: 'none', roomId, venueId };
}

/** Venues in id order (none last); within a venue its rooms by id, then the venue itself. */
function compareTracks(a: { roomId: number | null; venueId: number | null }, b: typeof a): number {
  const venue = (a.venueId ?? Infinity) - (b.venueId ?? Infinity);
  if (venue !== 0 && !Number.isNaN(venue)) return venue;
  return (a.roomId ?? Infinity) - (b.roomId ?? Infinity) || 0;
}

/**
 * Lays out `sessions` by day in `timeZone`. A session ending on a later day is cut at
 * midnight; one shorter than a slot still gets a row. Overlapping sessions in one track
 * get lanes side by side.
 */
export function layoutTimetable<S extends TimetableSession>(
  sessions: readonly S[],
  timeZone: string,
  slotMinutes = 15,
): TimetableDay<S>[] {
  interface Timed {
    session: S;
    start: number;
    end: number;
    track: ReturnType<typeof trackOf>;
  }
  const byDay = new Map<string, Timed[]>();
  for (const session of sessions) {
    const start = zonedMinute(session.starts_at, timeZone);
    const end = zonedMinute(session.ends_at, timeZone);
    let endMinute = end.date === start.date ? end.minute : end.date > start.date ? DAY : start.minute;
    endMinute = Math.max(endMinute, start.minute + slotMinutes);
    const list = byDay.get(start.date) ?? [];
    list.push({ session, start: start.minute, end: Math.min(endMinute, DAY), track: trackOf(session) });
    byDay.set(start.date, list);
  }

  return [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, timed]) => {
      timed.sort((a, b) => a.start - b.start || a.end - b.end || a.session.id - b.session.id);
      const startMinute = Math.floor(Math.min(...timed.map((t) => t.start)) / 60) * 60;
      const endMinute = Math.min(DAY, Math.ceil(Math.max(...timed.map((t) => t.end)) / 60) * 60);

      // Tracks in order, and lanes within each track (greedy: the first lane free by then).
      const keys = new Map<string, { info: ReturnType<typeof trackOf>; laneEnds: number[] }>();
      const lane = new Map<Timed, number>();
      for (const t of timed) {
        const entry = keys.get(t.track.key) ?? { info: t.track, laneEnds: [] };
        keys.set(t.track.key, entry);
        let index = entry.laneEnds.findIndex((laneEnd) => laneEnd <= t.start);
        if (index === -1) index = entry.laneEnds.push(t.end) - 1;
        else entry.laneEnds[index] = t.end;
        lane.set(t, index);
      }
      const ordered = [...keys.values()].sort((a, b) => compareTracks(a.info, b.info));
      const tracks: Track[] = [];
      let column = 1;
      for (const { info, laneEnds } of ordered) {
        tracks.push({ ...info, column, lanes: laneEnds.length });
        column += laneEnds.length;
      }
      const trackIndex = new Map(tracks.map((track, index) => [track.key, index]));

      const row = (minute: number) => (minute - startMinute) / slotMinutes + 1;
      const items = timed.map((t): PlacedSession<S> => {
        const index = trackIndex.get(t.track.key) ?? 0;
        const track = tracks[index];
        return {
          session: t.session,
          track: index,
          column: (track?.column ?? 1) + (lane.get(t) ?? 0),
          rowStart: Math.floor(row(t.start)),
          rowEnd: Math.ceil(row(t.end)),
          startMinute: t.start,
          endMinute: t.end,
        };
      });
      const hours = [];
      for (let minute = startMinute; minute < endMinute; minute += 60) hours.push({ minute, row: row(minute) });
      return {
        date,
        tracks,
        columns: column - 1,
        startMinute,
        endMinute,
        rows: (endMinute - startMinute) / slotMinutes,
        hours,
        items,
      };
    });
}
