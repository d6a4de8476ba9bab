/**
 * The geometry of a horizontal bar chart, kept apart from the SVG so that it can be
 * tested: where each bar goes and how long it is, on a scale of whole, round steps.
 */

/** A scale for counts: a round whole step (1, 2, 3 or 5 × 10ⁿ) and at most `maxSteps` of them. */
export function niceScale(max: number, maxSteps = 4): { step: number; scaleMax: number } {
  if (!(max > 0)) return { step: 1, scaleMax: 1 };
  const rough = max / maxSteps;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(rough)));
  const step = [1, 2, 3, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  return { step, scaleMax: Math.ceil(max / step) * step };
}

export interface BarGeometry {
  y: number;
  width: number;
}

export interface ChartLayout {
  bars: BarGeometry[];
  /** The value at the right end of the scale. */
  scaleMax: number;
  /** Values where the grid lines go, 0 and scaleMax included. */
  ticks: number[];
  height: number;
}

/**
 * Lays out one bar per value: `plotWidth` is the length of the full scale in pixels,
 * each bar `barHeight` high with `gap` between bars. A zero count gets no bar at all.
 */
export function layoutBars(values: readonly number[], plotWidth: number, barHeight: number, gap: number): ChartLayout {
  const { step, scaleMax } = niceScale(Math.max(0, ...values));
  const width = Math.max(0, plotWidth);
  const bars = values.map((value, i) => ({
    y: i * (barHeight + gap),
    width: (Math.max(0, value) / scaleMax) * width,
  }));
  const ticks = Array.from({ length: scaleMax / step + 1 }, (_, i) => i * step);
  const height = values.length === 0 ? 0 : values.length * barHeight + (values.length - 1) * gap;
  return { bars, scaleMax, ticks, height };
}
