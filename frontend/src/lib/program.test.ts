import { describe, expect, test } from 'vitest';
import { byDay, filterOptions, formatDay, formatSessionTime, placeName, SESSION_KINDS } from './program';
import { session as fixtureSession } from '../test/fixtures';

const ZONE = 'Asia/Shanghai';

describe('formatSessionTime', () => {
  test('shows the event clock in both languages', () => {
    expect(formatSessionTime('2026-01-06T02:00:00Z', '2026-01-06T04:00:00Z', 'en-GB', ZONE)).toBe(
      'Tue 6 January, 10:00–12:00 GMT+8',
    );
    expect(formatSessionTime('2026-01-06T02:00:00Z', '2026-01-06T04:00:00Z', 'zh-CN', ZONE)).toBe(
      '1月6日周二 10:00–12:00 GMT+8',
    );
  });

  test('days as headings', () => {
    expect(formatDay('2026-01-08', 'en-GB')).toMatch(/Thursday,? 8 January 2026/);
  });
});

describe('programme helpers', () => {
  test('filter options list only what occurs, kinds in display order', () => {
    const options = filterOptions([
      fixtureSession({ id: 1, kind: 'site_visit', languages: ['zh'], interpretation: [] }),
      fixtureSession({ id: 2, kind: 'ceremony', languages: ['zh', 'en'], interpretation: ['ru'] }),
    ]);
    expect(options.kinds).toEqual(['ceremony', 'site_visit']);
    expect(options.languages).toEqual(['en', 'ru', 'zh']);
    expect(SESSION_KINDS).toHaveLength(10);
  });

  test('places: a room with its venue, or a venue alone', () => {
    const places = {
      rooms: new Map([[2, { id: 2, venue_id: 1, name: { en: 'Room A', zh: 'A厅' } }]]),
      venues: new Map([[1, { id: 1, name: { en: 'Centre', zh: '中心' } }]]),
    } as unknown as Parameters<typeof placeName>[1];
    const pick = (map: { en: string }) => map.en;
    expect(placeName({ room_id: 2 }, places, pick)).toEqual({ room: 'Room A', venue: 'Centre' });
    expect(placeName({ room_id: null, venue_id: 1 }, places, pick)).toEqual({ room: null, venue: 'Centre' });
    expect(placeName({ room_id: 9, venue_id: null }, places, pick)).toEqual({ room: null, venue: null });
  });

  test('byDay groups on the event clock, in time order', () => {
    const late = { session: fixtureSession({ id: 1, starts_at: '2026-01-06T17:00:00Z' }) }; // 7 Jan 01:00
    const early = { session: fixtureSession({ id: 2, starts_at: '2026-01-06T01:00:00Z' }) };
    const noon = { session: fixtureSession({ id: 3, starts_at: '2026-01-06T04:00:00Z' }) };
    expect(byDay([late, noon, early], ZONE, (i) => i.session.starts_at).map((d) => [d.date, d.items.map((i) => i.session.id)])).toEqual([
      ['2026-01-06', [2, 3]],
      ['2026-01-07', [1]],
    ]);
  });
});
