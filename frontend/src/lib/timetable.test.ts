import { describe, expect, test } from 'vitest';
import { layoutTimetable, minuteLabel, zonedMinute } from './timetable';

const ZONE = 'Asia/Shanghai';
const s = (id: number, starts_at: string, ends_at: string, room_id: number | null, venue_id: number | null) => ({
  id,
  starts_at,
  ends_at,
  room_id,
  venue_id,
});

describe('zonedMinute', () => {
  test('reads the event clock, not the browser’s', () => {
    expect(zonedMinute('2026-01-06T01:00:00Z', ZONE)).toEqual({ date: '2026-01-06', minute: 9 * 60 });
    // 17:30 UTC on the 5th is already the 6th in Harbin.
    expect(zonedMinute('2026-01-05T17:30:00Z', ZONE)).toEqual({ date: '2026-01-06', minute: 90 });
  });

  test('minuteLabel pads', () => {
    expect(minuteLabel(570)).toBe('09:30');
    expect(minuteLabel(0)).toBe('00:00');
  });
});

describe('layoutTimetable', () => {
  test('nothing to lay out, no days', () => {
    expect(layoutTimetable([], ZONE)).toEqual([]);
  });

  test('groups by day on the event clock and places by start and end', () => {
    const days = layoutTimetable(
      [
        s(2, '2026-01-07T01:30:00Z', '2026-01-07T03:00:00Z', 2, 1),
        s(1, '2026-01-06T01:00:00Z', '2026-01-06T01:45:00Z', 1, 1),
        s(3, '2026-01-06T02:00:00Z', '2026-01-06T04:00:00Z', 1, 1),
      ],
      ZONE,
    );
    expect(days.map((d) => d.date)).toEqual(['2026-01-06', '2026-01-07']);
    const [first, second] = days;
    // 09:00–12:00 in 15-minute rows.
    expect(first?.startMinute).toBe(9 * 60);
    expect(first?.endMinute).toBe(12 * 60);
    expect(first?.rows).toBe(12);
    expect(first?.hours).toEqual([
      { minute: 540, row: 1 },
      { minute: 600, row: 5 },
      { minute: 660, row: 9 },
    ]);
    expect(first?.items.map((i) => [i.session.id, i.rowStart, i.rowEnd, i.column])).toEqual([
      [1, 1, 4, 1],
      [3, 5, 13, 1],
    ]);
    // 09:30–11:00 on the 7th: the grid starts at 09:00.
    expect(second?.items[0]).toMatchObject({ rowStart: 3, rowEnd: 9, startMinute: 570, endMinute: 660 });
  });

  test('one column per room, grouped by venue, then venues without a room', () => {
    const [day] = layoutTimetable(
      [
        s(1, '2026-01-06T02:00:00Z', '2026-01-06T03:00:00Z', null, 2),
        s(2, '2026-01-06T02:00:00Z', '2026-01-06T03:00:00Z', 3, 1),
        s(3, '2026-01-06T02:00:00Z', '2026-01-06T03:00:00Z', 2, 1),
        s(4, '2026-01-06T02:00:00Z', '2026-01-06T03:00:00Z', null, 1),
        s(5, '2026-01-06T02:00:00Z', '2026-01-06T03:00:00Z', null, null),
      ],
      ZONE,
    );
    expect(day?.tracks.map((t) => t.key)).toEqual(['room:2', 'room:3', 'venue:1', 'venue:2', 'none']);
    expect(day?.columns).toBe(5);
    const columnOf = (id: number) => day?.items.find((i) => i.session.id === id)?.column;
    expect([1, 2, 3, 4, 5].map(columnOf)).toEqual([4, 2, 1, 3, 5]);
  });

  test('overlapping sessions in one room get lanes; later tracks move right', () => {
    const [day] = layoutTimetable(
      [
        s(1, '2026-01-06T02:00:00Z', '2026-01-06T04:00:00Z', 1, 1),
        s(2, '2026-01-06T03:00:00Z', '2026-01-06T05:00:00Z', 1, 1),
        // Starts when the first ends: back in the first lane.
        s(3, '2026-01-06T04:00:00Z', '2026-01-06T04:30:00Z', 1, 1),
        s(4, '2026-01-06T02:00:00Z', '2026-01-06T03:00:00Z', 2, 1),
      ],
      ZONE,
    );
    expect(day?.tracks.map((t) => [t.key, t.column, t.lanes])).toEqual([
      ['room:1', 1, 2],
      ['room:2', 3, 1],
    ]);
    expect(day?.columns).toBe(3);
    expect(day?.items.map((i) => [i.session.id, i.column, i.track])).toEqual([
      [4, 3, 1],
      [1, 1, 0],
      [2, 2, 0],
      [3, 1, 0],
    ]);
  });

  test('a session past midnight is cut at the end of its day; a tiny one keeps a row', () => {
    const [day] = layoutTimetable(
      [
        s(1, '2026-01-06T14:00:00Z', '2026-01-06T17:00:00Z', 1, 1), // 22:00 → 01:00
        s(2, '2026-01-06T13:00:00Z', '2026-01-06T13:05:00Z', 2, 1), // 21:00 → 21:05
      ],
      ZONE,
    );
    expect(day?.date).toBe('2026-01-06');
    expect(day?.endMinute).toBe(24 * 60);
    const one = day?.items.find((i) => i.session.id === 1);
    const two = day?.items.find((i) => i.session.id === 2);
    expect(one).toMatchObject({ startMinute: 22 * 60, endMinute: 24 * 60, rowStart: 5, rowEnd: 13 });
    expect(two).toMatchObject({ rowStart: 1, rowEnd: 2 });
  });

  test('other slot sizes', () => {
    const [day] = layoutTimetable([s(1, '2026-01-06T01:10:00Z', '2026-01-06T01:50:00Z', 1, 1)], ZONE, 30);
    expect(day?.rows).toBe(2);
    // 09:10–09:50 covers the first two half-hour rows.
    expect(day?.items[0]).toMatchObject({ rowStart: 1, rowEnd: 3 });
  });
});
