import { describe, expect, test } from 'vitest';
import {
  fitLabel,
  hitArea,
  hitAreas,
  legibleScale,
  MAX_LABEL_PX,
  MIN_LABEL_PX,
  MIN_TARGET_PX,
  neighbour,
  planScale,
  readingOrder,
  toMetres,
  toPx,
  truncateToFit,
  type Rect,
} from './floorPlan';

/** Hall A of the demo data: 120 m × 60 m, rows of 6 m × 3 m booths side by side, 9 m aisles. */
const HALL = { width: 120, height: 60 };
const row = (y: number, from: number) =>
  Array.from({ length: 8 }, (_, i) => ({ code: `A-${String(from + i)}`, x: 6 + 6 * i, y, w: 6, h: 3 }));
const BOOTHS = [...row(6, 101), ...row(18, 201), { code: 'A-ISLAND', x: 60, y: 6, w: 12, h: 12 }];
const PHONE = 343; // a 375 px screen less the page's padding
const DESKTOP = 1150;

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('metres and pixels', () => {
  test('convert both ways at a scale', () => {
    expect(toPx(6, 10)).toBe(60);
    expect(toMetres(60, 10)).toBe(6);
    expect(toMetres(toPx(3.5, 7.25), 7.25)).toBeCloseTo(3.5);
  });
});

describe('planScale', () => {
  test('on a desktop the hall fills the container, aspect kept', () => {
    const scale = planScale(HALL, BOOTHS, DESKTOP);
    expect(scale.pxPerMetre).toBeCloseTo(DESKTOP / 120);
    expect(scale.widthPx).toBeCloseTo(DESKTOP);
    expect(scale.heightPx).toBeCloseTo(DESKTOP / 2);
    expect(scale.heightPx / scale.widthPx).toBeCloseTo(HALL.height / HALL.width);
    expect(scale.scrolls).toBe(false);
    expect(scale.viewBox).toBe('0 0 120 60');
  });

  test('at 375 px the booths stay legible: the plan is wider than the screen and scrolls', () => {
    const scale = planScale(HALL, BOOTHS, PHONE);
    expect(scale.pxPerMetre).toBeCloseTo(legibleScale(BOOTHS));
    expect(scale.pxPerMetre).toBeGreaterThan(PHONE / 120);
    expect(scale.scrolls).toBe(true);
    // Same aspect as on the desktop: the hall is never stretched.
    expect(scale.heightPx / scale.widthPx).toBeCloseTo(0.5);
    // Every booth is a full tap target and carries its code.
    for (const booth of BOOTHS) {
      expect(toPx(booth.w, scale.pxPerMetre)).toBeGreaterThanOrEqual(MIN_TARGET_PX);
      expect(fitLabel(booth, booth.code, scale.pxPerMetre).show).toBe(true);
    }
  });

  test('a phone plan is not needlessly wide: at most the legible scale', () => {
    const scale = planScale(HALL, BOOTHS, PHONE);
    const longest = Math.max(...BOOTHS.map((b) => b.code.length / b.w));
    // "A-ISLAND" (8 characters in 12 m) and "A-101" (5 in 6 m): the latter decides.
    expect(longest).toBeCloseTo(5 / 6);
    expect(scale.widthPx).toBeLessThan(800);
  });

  test('a tall hall is held to the maximum height, then centred', () => {
    const tall = { width: 20, height: 200 };
    const scale = planScale(tall, [{ code: 'T1', x: 0, y: 0, w: 10, h: 10 }], DESKTOP, 600);
    expect(scale.heightPx).toBeCloseTo(600);
    expect(scale.widthPx).toBeCloseTo(60);
    expect(scale.scrolls).toBe(false);
  });

  test('a hall without booths just fits', () => {
    const scale = planScale({ width: 50, height: 25 }, [], 500);
    expect(scale.pxPerMetre).toBe(10);
    expect(scale.heightPx).toBe(250);
  });
});

describe('fitLabel', () => {
  test('a code is written centred, as large as the booth allows, within the bounds', () => {
    const booth = BOOTHS[0] as Rect;
    const desktop = fitLabel(booth, 'A-101', DESKTOP / 120);
    expect(desktop.show).toBe(true);
    expect(desktop.x).toBe(9);
    expect(desktop.y).toBe(7.5);
    expect(desktop.fontPx).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    expect(desktop.fontPx).toBeLessThanOrEqual(MAX_LABEL_PX);
    // The viewBox draws in metres: the font size in metres times the scale is the px size.
    expect(desktop.fontSize * (DESKTOP / 120)).toBeCloseTo(desktop.fontPx);
    // It fits: its estimated width is inside the booth.
    expect(5 * 0.68 * desktop.fontPx).toBeLessThanOrEqual(toPx(6, DESKTOP / 120));
  });

  test('a large booth caps the size; a tiny one gets no label', () => {
    expect(fitLabel({ x: 0, y: 0, w: 12, h: 12 }, 'A-1', 40).fontPx).toBe(MAX_LABEL_PX);
    expect(fitLabel({ x: 0, y: 0, w: 1, h: 1 }, 'A-101', 5).show).toBe(false);
  });

  test('a flat booth is limited by its height', () => {
    const fit = fitLabel({ x: 0, y: 0, w: 20, h: 1 }, 'A', 20);
    expect(fit.fontPx).toBeCloseTo(14);
  });

  test('a longer code gets a smaller size in the same booth', () => {
    const booth = { x: 0, y: 0, w: 6, h: 3 };
    expect(fitLabel(booth, 'A-ISLAND', 9).fontPx).toBeLessThan(fitLabel(booth, 'A-1', 9).fontPx);
  });
});

describe('truncateToFit', () => {
  test('keeps what fits, cuts the rest with an ellipsis', () => {
    expect(truncateToFit('Polar Ridge', 200, 10)).toBe('Polar Ridge');
    expect(truncateToFit('Palandöken Outdoor Association', 60, 10)).toBe('Palandöke…');
    expect(truncateToFit('Anything', 5, 10)).toBe('');
  });
});

describe('hit areas', () => {
  test('a booth smaller than a tap target grows to one where there is room', () => {
    const pxPerMetre = 4; // 6 m × 3 m is 24 px × 12 px here
    const area = hitArea({ x: 50, y: 30, w: 6, h: 3 }, [], HALL, pxPerMetre);
    expect(toPx(area.h, pxPerMetre)).toBeCloseTo(MIN_TARGET_PX);
    expect(toPx(area.w, pxPerMetre)).toBeCloseTo(24);
    // Centred on the booth.
    expect(area.y + area.h / 2).toBeCloseTo(31.5);
  });

  test('large booths keep exactly their rectangle', () => {
    const booth = { x: 60, y: 6, w: 12, h: 12 };
    expect(hitArea(booth, [], HALL, 10)).toEqual(booth);
  });

  test('areas stay inside the hall', () => {
    const area = hitArea({ x: 0, y: 0, w: 1, h: 1 }, [], HALL, 4);
    expect(area.x).toBe(0);
    expect(area.y).toBe(0);
  });

  test('no two areas overlap, side by side or across an aisle, at phone and desktop scales', () => {
    const tight = [...BOOTHS, { code: 'X', x: 6, y: 10.5, w: 6, h: 3 }];
    for (const pxPerMetre of [PHONE / 120, 3, legibleScale(BOOTHS), DESKTOP / 120]) {
      const areas = hitAreas(tight, HALL, pxPerMetre);
      for (let i = 0; i < areas.length; i += 1) {
        const a = areas[i] as Rect;
        // Each area still covers its booth.
        const booth = tight[i] as Rect;
        expect(a.x).toBeLessThanOrEqual(booth.x + 1e-9);
        expect(a.x + a.w).toBeGreaterThanOrEqual(booth.x + booth.w - 1e-9);
        for (let j = i + 1; j < areas.length; j += 1) {
          expect(overlap(a, areas[j] as Rect), `${String(i)} and ${String(j)} at ${String(pxPerMetre)}`).toBe(false);
        }
      }
    }
  });

  test('between two close rows the areas meet half-way', () => {
    const upper = { x: 0, y: 10, w: 6, h: 3 };
    const lower = { x: 0, y: 14, w: 6, h: 3 };
    const [a, b] = hitAreas([upper, lower], HALL, 4) as [Rect, Rect];
    expect(a.y + a.h).toBeCloseTo(13.5);
    expect(b.y).toBeCloseTo(13.5);
  });
});

describe('keyboard order and moves', () => {
  test('reading order is row by row, left to right', () => {
    const shuffled = [...BOOTHS].reverse();
    const order = readingOrder(shuffled).map((b) => b.code);
    expect(order.slice(0, 3)).toEqual(['A-101', 'A-102', 'A-103']);
    expect(order.indexOf('A-ISLAND')).toBe(8);
    expect(order.at(-1)).toBe('A-208');
  });

  test('arrows move to the nearest booth that way', () => {
    const first = BOOTHS[0] as (typeof BOOTHS)[number];
    expect(neighbour(BOOTHS, first, 'right')?.code).toBe('A-102');
    expect(neighbour(BOOTHS, first, 'down')?.code).toBe('A-201');
    expect(neighbour(BOOTHS, first, 'left')).toBeNull();
    expect(neighbour(BOOTHS, first, 'up')).toBeNull();
  });
});
