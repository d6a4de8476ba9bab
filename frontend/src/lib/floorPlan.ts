/**
 * The geometry of an expo floor plan, without React. The API gives a hall's size and its
 * booths' rectangles in metres from the hall's top-left corner; the SVG draws in metres too
 * (its viewBox is the hall), and this module decides how many pixels a metre gets on a
 * given screen, how large a booth's code can be written inside it, and how large an area
 * answers a tap on it.
 */

/** A rectangle in metres from the hall's top-left corner. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The smallest tap target, in CSS pixels (WCAG 2.2, target size minimum). */
export const MIN_TARGET_PX = 24;
/** Booth codes are never written smaller than this (px); a booth too small gets none. */
export const MIN_LABEL_PX = 10;
/** …nor larger than this, however large the booth. */
export const MAX_LABEL_PX = 15;
/** The average advance of a booth code's characters (bold capitals, digits, hyphen), in em. */
export const CHAR_EM = 0.68;
/** Space kept between a label and its booth's sides, in px. */
export const LABEL_PAD_PX = 2;
/** The tallest a plan is drawn when fitting the width would make it taller (px). */
export const MAX_HEIGHT_PX = 720;

/** Metres at `pxPerMetre` as CSS pixels. */
export function toPx(metres: number, pxPerMetre: number): number {
  return metres * pxPerMetre;
}

/** CSS pixels at `pxPerMetre` as metres (e.g. a font size for the metre-based viewBox). */
export function toMetres(px: number, pxPerMetre: number): number {
  return px / pxPerMetre;
}

/** How a plan is drawn in a container. */
export interface PlanScale {
  pxPerMetre: number;
  /** The SVG's size on screen, in px: the hall's size times `pxPerMetre` (its aspect). */
  widthPx: number;
  heightPx: number;
  /** True when the plan is wider than its container and scrolls sideways (phones). */
  scrolls: boolean;
  /** The SVG viewBox: the hall, in metres. */
  viewBox: string;
}

/**
 * The fewest pixels per metre at which every booth can carry its code at `MIN_LABEL_PX`
 * and is at least `MIN_TARGET_PX` wide: below it, codes would vanish and taps would miss.
 */
export function legibleScale(booths: readonly (Rect & { code: string })[]): number {
  let needed = 0;
  for (const booth of booths) {
    if (booth.w <= 0 || booth.h <= 0) continue;
    const text = booth.code.length * CHAR_EM * MIN_LABEL_PX + 2 * LABEL_PAD_PX;
    needed = Math.max(needed, Math.max(text, MIN_TARGET_PX) / booth.w);
  }
  return needed;
}

/**
 * The scale of a hall's plan in a container `containerPx` wide: the hall fills the width
 * (aspect kept), no taller than `maxHeightPx`, and never below the legible scale of its
 * booths. On a phone the legible scale wins, and the plan scrolls sideways instead of
 * shrinking its booths to specks.
 */
export function planScale(
  hall: { width: number; height: number },
  booths: readonly (Rect & { code: string })[],
  containerPx: number,
  maxHeightPx: number = MAX_HEIGHT_PX,
): PlanScale {
  const width = Math.max(hall.width, 1e-6);
  const height = Math.max(hall.height, 1e-6);
  let fit = Math.max(containerPx, 1) / width;
  if (height * fit > maxHeightPx) fit = maxHeightPx / height;
  const pxPerMetre = Math.max(fit, legibleScale(booths));
  const widthPx = width * pxPerMetre;
  return {
    pxPerMetre,
    widthPx,
    heightPx: height * pxPerMetre,
    scrolls: widthPx > containerPx + 0.5,
    viewBox: `0 0 ${String(hall.width)} ${String(hall.height)}`,
  };
}

/** Where and how large a booth's code is written, in metres (the viewBox's unit). */
export interface LabelFit {
  show: boolean;
  x: number;
  y: number;
  /** The font size in metres; on screen it is `fontPx`. */
  fontSize: number;
  fontPx: number;
}

/**
 * The largest size, between `MIN_LABEL_PX` and `MAX_LABEL_PX`, at which `text` fits inside
 * the booth at `pxPerMetre` (width less padding, at most 70 % of its height), centred.
 * `show` is false when even the smallest size does not fit.
 */
export function fitLabel(booth: Rect, text: string, pxPerMetre: number): LabelFit {
  const widthPx = toPx(booth.w, pxPerMetre) - 2 * LABEL_PAD_PX;
  const heightPx = toPx(booth.h, pxPerMetre) * 0.7;
  const byWidth = widthPx / Math.max(1, text.length * CHAR_EM);
  const fontPx = Math.min(MAX_LABEL_PX, byWidth, heightPx);
  return {
    show: fontPx >= MIN_LABEL_PX - 1e-6,
    x: booth.x + booth.w / 2,
    y: booth.y + booth.h / 2,
    fontSize: toMetres(fontPx, pxPerMetre),
    fontPx,
  };
}

/**
 * `text` cut to fit `widthPx` at `fontPx` (with an ellipsis), or '' when not even one
 * character and the ellipsis fit: for an exhibitor's name inside a large booth.
 */
export function truncateToFit(text: string, widthPx: number, fontPx: number, charEm = 0.55): string {
  const fits = Math.floor(widthPx / (fontPx * charEm));
  const chars = Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);
  if (chars.length <= fits) return text;
  if (fits < 2) return '';
  return `${chars.slice(0, fits - 1).join('').trimEnd()}…`;
}

/**
 * The area that answers a tap or click on `booth`, in metres: the booth grown to at least
 * `minTargetPx` on screen in each direction (centred on it), kept inside the hall, and cut
 * half-way to any neighbour whose own grown area it would overlap, so that no two areas
 * overlap and a tap always means one booth.
 */
export function hitArea(
  booth: Rect,
  others: readonly Rect[],
  hall: { width: number; height: number },
  pxPerMetre: number,
  minTargetPx: number = MIN_TARGET_PX,
): Rect {
  const grow = (rect: Rect): [number, number, number, number] => {
    const min = toMetres(minTargetPx, pxPerMetre);
    const dx = Math.max(0, (min - rect.w) / 2);
    const dy = Math.max(0, (min - rect.h) / 2);
    return [
      Math.max(0, rect.x - dx),
      Math.min(hall.width, rect.x + rect.w + dx),
      Math.max(0, rect.y - dy),
      Math.min(hall.height, rect.y + rect.h + dy),
    ];
  };
  let [x0, x1, y0, y1] = grow(booth);
  for (const other of others) {
    if (other === booth) continue;
    const [ox0, ox1, oy0, oy1] = grow(other);
    const overlaps = x0 < ox1 && ox0 < x1 && y0 < oy1 && oy0 < y1;
    if (!overlaps) continue;
    // Both booths make the same choice of axis, so their cuts meet at one line.
    if (other.x >= booth.x + booth.w) x1 = Math.min(x1, (booth.x + booth.w + other.x) / 2);
    else if (other.x + other.w <= booth.x) x0 = Math.max(x0, (other.x + other.w + booth.x) / 2);
    else if (other.y >= booth.y + booth.h) y1 = Math.min(y1, (booth.y + booth.h + other.y) / 2);
    else if (other.y + other.h <= booth.y) y0 = Math.max(y0, (other.y + other.h + booth.y) / 2);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Hit areas for every booth of a plan, in the booths' order. */
export function hitAreas(
  booths: readonly Rect[],
  hall: { width: number; height: number },
  pxPerMetre: number,
  minTargetPx: number = MIN_TARGET_PX,
): Rect[] {
  return booths.map((booth) => hitArea(booth, booths, hall, pxPerMetre, minTargetPx));
}

/**
 * Booths in reading order, row by row (top to bottom, then left to right), for the
 * keyboard's Tab order and the list beside the plan. Booths whose tops are within
 * `rowTolerance` metres are one row.
 */
export function readingOrder<T extends Rect & { code: string }>(booths: readonly T[], rowTolerance = 1): T[] {
  return [...booths].sort((a, b) => {
    if (Math.abs(a.y - b.y) > rowTolerance) return a.y - b.y;
    return a.x - b.x || a.code.localeCompare(b.code);
  });
}

/**
 * The booth nearest to `from` in a direction, for arrow-key moves on the plan: among the
 * booths whose centre lies that way, the one with the smallest distance (the cross axis
 * counting double), or null at the edge.
 */
export function neighbour<T extends Rect>(booths: readonly T[], from: T, direction: 'left' | 'right' | 'up' | 'down'): T | null {
  const cx = from.x + from.w / 2;
  const cy = from.y + from.h / 2;
  let best: T | null = null;
  let bestCost = Infinity;
  for (const booth of booths) {
    if (booth === from) continue;
    const dx = booth.x + booth.w / 2 - cx;
    const dy = booth.y + booth.h / 2 - cy;
    const along = direction === 'left' ? -dx : direction === 'right' ? dx : direction === 'up' ? -dy : dy;
    const across = direction === 'left' || direction === 'right' ? Math.abs(dy) : Math.abs(dx);
    if (along <= 0) continue;
    const cost = along + 2 * across;
    if (cost < bestCost) {
      bestCost = cost;
      best = booth;
    }
  }
  return best;
}
