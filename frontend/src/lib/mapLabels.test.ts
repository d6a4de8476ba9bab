import { describe, expect, test } from 'vitest';
import { hoverLabel, labelAt, overlaps, placeLabels, textWidth, type LabelCandidate } from './mapLabels';
import { bestCentralMeridian, contentBand, createMapProjection, dotRadius, MAP_WIDTH, type LonLat } from './mapProjection';

const city = (id: number, x: number, y: number, text: string, rank: number, r = 4): LabelCandidate => ({ id, x, y, r, text, rank });
const bounds = { x0: 0, y0: 0, x1: 960, y1: 500 };
const options = { fontSize: 12, gap: 3, bounds, limit: 12 };

/** No two placed names share a point, and none covers another city's dot. */
function assertClear(labels: ReturnType<typeof placeLabels>, cities: readonly LabelCandidate[]) {
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) expect(overlaps(a.box, b.box), `${String(a.id)} over ${String(b.id)}`).toBe(false);
    for (const c of cities) {
      if (c.id === a.id) continue;
      const dot = { x0: c.x - c.r, y0: c.y - c.r, x1: c.x + c.r, y1: c.y + c.r };
      expect(overlaps(a.box, dot), `${String(a.id)} over the dot of ${String(c.id)}`).toBe(false);
    }
  }
}

describe('map labels', () => {
  test('widths: CJK a full em, Latin less, and longer names are wider', () => {
    expect(textWidth('哈尔滨', 10)).toBe(30);
    expect(textWidth('Harbin', 10)).toBeLessThan(textWidth('哈尔滨哈尔滨', 10));
    expect(textWidth('Erzurum Metropolitan Municipality', 12)).toBeGreaterThan(textWidth('Erzurum', 12) * 3);
  });

  test('a name goes right of its dot, and left when the right would leave the map', () => {
    const [right] = placeLabels([city(1, 100, 100, 'Harbin', 5)], options);
    expect(right).toMatchObject({ side: 'right', anchor: 'start' });
    expect(right?.box.x0).toBe(100 + 4 + 3);
    const [left] = placeLabels([city(1, 950, 100, 'Harbin', 5)], options);
    expect(left).toMatchObject({ side: 'left', anchor: 'end' });
    expect(left?.box.x1).toBe(950 - 4 - 3);
  });

  test('close cities: the higher rank keeps its place, the other moves or gives way', () => {
    // Two dots 10 units apart on one line: Harbin, ranked higher, is named first (on a
    // side that leaves Bucheon's dot free); Bucheon's name, if any, covers neither.
    const cities = [city(2, 110, 100, 'Bucheon', 3), city(1, 100, 100, 'Harbin', 5)];
    const labels = placeLabels(cities, options);
    expect(labels[0]).toMatchObject({ id: 1 });
    assertClear(labels, cities);
    // A crowd: ten cities stacked 6 units apart; the names that are written never overlap,
    // and the best-ranked is always among them.
    const crowd = Array.from({ length: 10 }, (_, i) => city(i + 1, 400, 200 + i * 6, `City number ${String(i + 1)}`, 10 - i));
    const crowded = placeLabels(crowd, options);
    expect(crowded.length).toBeLessThan(crowd.length);
    expect(crowded.map((l) => l.id)).toContain(1);
    assertClear(crowded, crowd);
  });

  test('the limit keeps the best-ranked, ties by id', () => {
    const spread = Array.from({ length: 8 }, (_, i) => city(8 - i, 50 + i * 110, 100, 'Name', i % 2));
    const labels = placeLabels(spread, { ...options, limit: 3 });
    expect(labels.map((l) => l.id).sort()).toEqual([1, 3, 5]);
  });

  test('a hovered name stays inside the map even where placed names would not let it', () => {
    const c = city(1, 955, 10, 'Rovaniemi', 1);
    const label = hoverLabel(c, 12, 3, bounds);
    expect(label.box.x1).toBeLessThanOrEqual(960);
    expect(label.box.y0).toBeGreaterThanOrEqual(0);
    expect(labelAt(c, 'below', 12, 3).box.y0).toBe(10 + 4 + 3);
  });

  test('the demo network at 375 px (the map twice the screen wide): Harbin named, no overlaps', () => {
    // Cities and partnerships as the demo data has them (degree: partnerships shown).
    const demo: [number, string, LonLat, number][] = [
      [1, 'Harbin', [126.6424, 45.7567], 5],
      [2, 'Edmonton', [-113.4938, 53.5461], 4],
      [3, 'Rovaniemi', [25.7294, 66.5039], 4],
      [4, 'Magdeburg', [11.6276, 52.1205], 2],
      [5, 'Chalandri', [23.7989, 38.0214], 3],
      [6, 'Bucheon', [126.766, 37.5034], 4],
      [7, 'Chiang Mai', [98.9853, 18.7883], 2],
      [8, 'Erzurum Metropolitan Municipality', [41.2769, 39.9086], 2],
    ];
    const where = new Map(demo.map(([id, , at]) => [id, at]));
    const pairs: [number, number][] = [[1, 2], [1, 4], [1, 3], [1, 7], [1, 8], [2, 3], [3, 8], [6, 7], [4, 5], [5, 6], [2, 6]];
    const arcs = pairs.map(([a, b]) => [where.get(a) ?? [0, 0], where.get(b) ?? [0, 0]] as const);
    const map = createMapProjection(bestCentralMeridian(arcs, 126.6424));
    const band = contentBand(map, [...where.values()], arcs);
    // 375 px screen, 16 px margins each side, the map drawn at twice that width.
    const scale = MAP_WIDTH / ((375 - 32) * 2);
    const cities = demo.map(([id, text, at, degree]) => {
      const [x, y] = map.point(at) ?? [0, 0];
      return city(id, x, y, text, degree, dotRadius(degree) * Math.min(scale, 2.2));
    });
    const labels = placeLabels(cities, {
      fontSize: 12 * scale,
      gap: 3 * scale,
      bounds: { x0: 0, y0: band.y, x1: map.width, y1: band.y + band.height },
      limit: 6,
    });
    expect(labels.map((l) => l.id)).toContain(1);
    expect(labels.length).toBeGreaterThanOrEqual(4);
    assertClear(labels, cities);
  });
});
