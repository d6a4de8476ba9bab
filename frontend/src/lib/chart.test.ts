import { describe, expect, test } from 'vitest';
import { layoutBars, niceScale } from './chart';

describe('niceScale', () => {
  test.each([
    [0, 1, 1],
    [1, 1, 1],
    [3, 1, 3],
    [5, 2, 6],
    [11, 3, 12],
    [12, 3, 12],
    [40, 10, 40],
    [57, 20, 60],
    [120, 30, 120],
    [999, 300, 1200],
  ])('max %d → step %d up to %d', (max, step, scaleMax) => {
    expect(niceScale(max)).toEqual({ step, scaleMax });
  });
});

describe('layoutBars', () => {
  test('scales bars to the round maximum and stacks them', () => {
    const layout = layoutBars([10, 5, 0, 20], 400, 20, 10);
    expect(layout.scaleMax).toBe(20);
    expect(layout.bars.map((b) => b.width)).toEqual([200, 100, 0, 400]);
    expect(layout.bars.map((b) => b.y)).toEqual([0, 30, 60, 90]);
    expect(layout.height).toBe(110);
    expect(layout.ticks).toEqual([0, 5, 10, 15, 20]);
  });

  test('all zero still has a scale', () => {
    const layout = layoutBars([0, 0], 100, 10, 5);
    expect(layout.scaleMax).toBe(1);
    expect(layout.bars.every((b) => b.width === 0)).toBe(true);
    expect(layout.ticks).toEqual([0, 1]);
  });

  test('ticks are whole numbers', () => {
    expect(layoutBars([3, 11, 5], 100, 10, 5).ticks).toEqual([0, 3, 6, 9, 12]);
  });

  test('a box too narrow for a plot draws no negative bars', () => {
    expect(layoutBars([4], -20, 10, 5).bars[0]?.width).toBe(0);
  });
});
