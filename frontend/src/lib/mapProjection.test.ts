import { describe, expect, test } from 'vitest';
import {
  arcCrossesMeridian,
  bestCentralMeridian,
  contentBand,
  createMapProjection,
  dotRadius,
  MAP_WIDTH,
  wrapLongitude,
  type LonLat,
} from './mapProjection';

const HARBIN: LonLat = [126.6424, 45.7567];
const EDMONTON: LonLat = [-113.4938, 53.5461];
const MAGDEBURG: LonLat = [11.6276, 52.1205];
const SUVA: LonLat = [178.4419, -18.1416];
const APIA: LonLat = [-171.7513, -13.8333];

/** The pieces of an SVG path: one per "M" (move-to). */
const pieces = (d: string) => (d.match(/M/g) ?? []).length;

/** Every x/y pair of an SVG path made of M/L commands (d3 writes no curves for lines). */
function vertices(d: string): [number, number][] {
  return [...d.matchAll(/[ML](-?[\d.e-]+),(-?[\d.e-]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('createMapProjection', () => {
  const map = createMapProjection(0);

  test('the globe fills the viewBox width, about twice as wide as high', () => {
    expect(map.width).toBe(MAP_WIDTH);
    expect(map.height).toBeGreaterThan(440);
    expect(map.height).toBeLessThan(520);
  });

  test('0°, 0° is the centre of the viewBox', () => {
    const [x, y] = map.point([0, 0]) ?? [NaN, NaN];
    expect(x).toBeCloseTo(MAP_WIDTH / 2, 6);
    expect(y).toBeCloseTo(map.height / 2, 0);
  });

  test('known cities land where they should', () => {
    const [hx, hy] = map.point(HARBIN) ?? [NaN, NaN];
    const [mx, my] = map.point(MAGDEBURG) ?? [NaN, NaN];
    const [ex, ey] = map.point(EDMONTON) ?? [NaN, NaN];
    // Natural Earth: x = k·λ·(0.8707 − 0.131979φ² + …); Harbin's λ is 2.21 rad.
    expect(hx).toBeGreaterThan(760);
    expect(hx).toBeLessThan(800);
    expect(hy).toBeGreaterThan(80);
    expect(hy).toBeLessThan(map.height / 2);
    // Magdeburg just east of Greenwich, Edmonton far west; all in the northern half.
    expect(mx).toBeGreaterThan(MAP_WIDTH / 2);
    expect(mx).toBeLessThan(hx);
    expect(ex).toBeLessThan(MAP_WIDTH / 4);
    expect(my).toBeLessThan(map.height / 2);
    expect(ey).toBeLessThan(my);
    for (const [x, y] of [
      [hx, hy],
      [mx, my],
      [ex, ey],
    ] as const) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(map.width);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(map.height);
    }
  });

  test('turning the map moves its centre to the central meridian', () => {
    const pacific = createMapProjection(150);
    const [x] = pacific.point([150, 0]) ?? [NaN];
    expect(x).toBeCloseTo(MAP_WIDTH / 2, 6);
    const [hx] = pacific.point(HARBIN) ?? [NaN];
    const [ex] = pacific.point(EDMONTON) ?? [NaN];
    // On a Pacific-centred map Edmonton is east of Harbin.
    expect(ex).toBeGreaterThan(hx);
  });

  test('an arc runs from one city to the other in one piece', () => {
    const d = map.arc(HARBIN, MAGDEBURG);
    expect(pieces(d)).toBe(1);
    const points = vertices(d);
    const first = points[0] ?? [NaN, NaN];
    const last = points.at(-1) ?? [NaN, NaN];
    const [hx, hy] = map.point(HARBIN) ?? [NaN, NaN];
    const [mx, my] = map.point(MAGDEBURG) ?? [NaN, NaN];
    expect(first[0]).toBeCloseTo(hx, 3);
    expect(first[1]).toBeCloseTo(hy, 3);
    expect(last[0]).toBeCloseTo(mx, 3);
    expect(last[1]).toBeCloseTo(my, 3);
    // A great circle between two northern cities bows towards the pole (smaller y).
    expect(points.length).toBeGreaterThan(2);
    expect(Math.min(...points.map(([, y]) => y))).toBeLessThan(Math.min(hy, my) - 5);
  });

  test('an arc across the edge is cut there, never drawn straight across the map', () => {
    const d = map.arc(HARBIN, EDMONTON);
    expect(pieces(d)).toBe(2);
    const points = vertices(d);
    for (let i = 1; i < points.length; i += 1) {
      const [x0, y0] = points[i - 1] ?? [0, 0];
      const [x1, y1] = points[i] ?? [0, 0];
      if (d.includes(`M${String(x1)},${String(y1)}`)) continue;
      expect(Math.hypot(x1 - x0, y1 - y0)).toBeLessThan(MAP_WIDTH / 4);
    }
    // The pieces end at the map's left and right edges (curved inwards this far north):
    // where the antimeridian is at the cut's latitude.
    const ends = d.split('M').filter(Boolean).map((piece) => vertices(`M${piece}`));
    const cutEnds = [ends[0]?.at(-1), ends[1]?.[0]];
    for (const end of cutEnds) {
      const [x, y] = end ?? [NaN, NaN];
      const lat = 60; // the arc crosses 180° near 60°N; the edge at that height:
      const [west] = map.point([-179.999, lat]) ?? [NaN];
      const [east] = map.point([179.999, lat]) ?? [NaN];
      expect(Math.min(Math.abs(x - west), Math.abs(x - east))).toBeLessThan(25);
      expect(y).toBeLessThan(map.height / 3);
    }
  });

  test('cities either side of the antimeridian are close on a Pacific map', () => {
    const pacific = createMapProjection(180);
    const d = pacific.arc(SUVA, APIA);
    expect(pieces(d)).toBe(1);
    const [sx] = pacific.point(SUVA) ?? [NaN];
    const [ax] = pacific.point(APIA) ?? [NaN];
    expect(Math.abs(ax - sx)).toBeLessThan(40);
  });
});

describe('arcCrossesMeridian', () => {
  test('Harbin–Edmonton crosses the antimeridian, not Greenwich', () => {
    expect(arcCrossesMeridian(HARBIN, EDMONTON, 180)).toBe(true);
    expect(arcCrossesMeridian(HARBIN, EDMONTON, 0)).toBe(false);
  });

  test('Harbin–Magdeburg crosses 90°E but neither 0° nor 180°', () => {
    expect(arcCrossesMeridian(HARBIN, MAGDEBURG, 90)).toBe(true);
    expect(arcCrossesMeridian(HARBIN, MAGDEBURG, 0)).toBe(false);
    expect(arcCrossesMeridian(HARBIN, MAGDEBURG, -180)).toBe(false);
  });
});

describe('bestCentralMeridian', () => {
  test('keeps Greenwich when nothing crosses the antimeridian', () => {
    expect(bestCentralMeridian([[HARBIN, MAGDEBURG]], 0)).toBe(0);
  });

  test('turns the map so that no arc is cut at its edge', () => {
    const arcs = [
      [HARBIN, EDMONTON],
      [HARBIN, MAGDEBURG],
    ] as const;
    const centre = bestCentralMeridian(arcs, HARBIN[0]);
    const edge = centre + 180;
    for (const [a, b] of arcs) expect(arcCrossesMeridian(a, b, edge)).toBe(false);
    const map = createMapProjection(centre);
    for (const [a, b] of arcs) expect(pieces(map.arc(a, b))).toBe(1);
    // Among the centres that cut nothing, the one nearest the host city.
    expect(Math.abs(wrapLongitude(centre - HARBIN[0]))).toBeLessThanOrEqual(60);
  });

  test('no arcs: the preferred meridian, rounded to 10°', () => {
    expect(bestCentralMeridian([], 126.6)).toBe(130);
  });
});

describe('wrapLongitude and dotRadius', () => {
  test('longitudes wrap into [-180, 180)', () => {
    expect(wrapLongitude(190)).toBe(-170);
    expect(wrapLongitude(-190)).toBe(170);
    expect(wrapLongitude(180)).toBe(-180);
    expect(wrapLongitude(45)).toBe(45);
  });

  test('dots grow with the number of partnerships, within limits', () => {
    expect(dotRadius(0)).toBe(3);
    expect(dotRadius(4)).toBeGreaterThan(dotRadius(1));
    expect(dotRadius(1000)).toBe(9);
  });
});

describe('contentBand', () => {
  const map = createMapProjection(0);

  test('nothing to show: the whole map', () => {
    expect(contentBand(map, [], [])).toEqual({ y: 0, height: map.height });
  });

  test('northern cities: a band in the north that holds every city and arc', () => {
    const points = [HARBIN, MAGDEBURG, EDMONTON];
    const arcs = [
      [HARBIN, MAGDEBURG],
      [HARBIN, EDMONTON],
    ] as const;
    const band = contentBand(map, points, arcs);
    expect(band.y).toBeGreaterThanOrEqual(0);
    expect(band.y + band.height).toBeLessThan(map.height * 0.75);
    expect(band.height).toBeGreaterThanOrEqual(Math.floor(map.height / 2));
    for (const at of points) {
      const [, y] = map.point(at) ?? [NaN, NaN];
      expect(y).toBeGreaterThan(band.y);
      expect(y).toBeLessThan(band.y + band.height);
    }
    for (const [a, b] of arcs) {
      const [top, bottom] = map.arcExtent(a, b);
      expect(top).toBeGreaterThanOrEqual(band.y);
      expect(bottom).toBeLessThanOrEqual(band.y + band.height);
    }
  });

  test('cities from pole to pole: the whole height, never more', () => {
    const band = contentBand(map, [[0, 85], [0, -85]], []);
    expect(band).toEqual({ y: 0, height: map.height });
  });
});
