/**
 * Dates and times as the summit shows them: calendar dates as written, instants in the
 * event's own time zone (an IANA name such as `Asia/Shanghai`) whatever the browser's.
 */

/** A `YYYY-MM-DD` date as a UTC midnight, so that formatting in UTC shows the same day. */
function dateOnly(value: string): Date {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

/** "6 – 8 January 2026" / "2026年1月6日至8日", in the given locale. */
export function formatDateRange(startsOn: string, endsOn: string, locale: string): string {
  const formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const start = dateOnly(startsOn);
  const end = dateOnly(endsOn);
  if (locale.startsWith('zh')) {
    // ICU's Chinese interval pattern falls back to "2026/1/6 – 2026/1/8"; write it out.
    const sameMonth = start.getUTCFullYear() === end.getUTCFullYear() && start.getUTCMonth() === end.getUTCMonth();
    if (start.getTime() === end.getTime()) return formatter.format(start);
    return `${formatter.format(start)}至${sameMonth ? `${String(end.getUTCDate())}日` : formatter.format(end)}`;
  }
  return formatter.formatRange(start, end);
}

/** An instant as a date and time in `timeZone`, with the zone's short name. */
export function formatInstant(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** Only the time of day of an instant in `timeZone` (for scans at the desk). */
export function formatTime(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

/**
 * When something happened, for the check-in desk: the time alone if it was today on the
 * event's clock, else the date as well.
 */
export function formatWhen(iso: string, locale: string, timeZone: string, now: Date = new Date()): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const then = new Date(iso);
  if (day.format(then) === day.format(now)) return formatTime(iso, locale, timeZone);
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone,
  }).format(then);
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function wallClockIn(ms: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? '0');
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

function asUtcMs(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of an `<input type="datetime-local">` showing `timeZone`'s clock. */
export function toZonedInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  const c = wallClockIn(ms, timeZone);
  return `${String(c.year)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}`;
}

/**
 * The instant (RFC 3339, UTC) that a `datetime-local` value means on `timeZone`'s clock;
 * null for an empty or malformed value.
 */
export function fromZonedInput(value: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wanted = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at a guess, then again at the corrected instant (for DST edges).
  let instant = wanted - (asUtcMs(wallClockIn(wanted, timeZone)) - wanted);
  instant = wanted - (asUtcMs(wallClockIn(instant, timeZone)) - instant);
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

/** The zone's short name now ("GMT+8", "CST"), for labels. */
export function zoneLabel(timeZone: string, locale: string): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(
    new Date(),
  );
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}
