/**
 * Where the world map writes city names, without React. Cities are taken by rank (most
 * partnerships first); each name goes right of its dot, else left, above or below,
 * wherever it stays inside the map and covers neither a name already placed nor another
 * city's dot. A name that fits nowhere is left out (it shows on hover and focus), so on a
 * phone the lesser cities give way instead of writing over the hubs.
 */

/** A rectangle in viewBox units. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A city that may be named: its dot's centre and radius, its name, its rank. */
export interface LabelCandidate {
  id: number;
  x: number;
  y: number;
  r: number;
  text: string;
  /** Higher ranks are named first (the map uses the number of partnerships). */
  rank: number;
}

export type LabelSide = 'right' | 'left' | 'above' | 'below';

/** A placed name: the text's anchor point (its vertical middle) and the box it covers. */
export interface PlacedLabel {
  id: number;
  x: number;
  y: number;
  anchor: 'start' | 'end' | 'middle';
  side: LabelSide;
  box: Box;
}

export interface LabelOptions {
  /** The names' font size in viewBox units. */
  fontSize: number;
  /** The space between a dot and its name, in viewBox units. */
  gap: number;
  /** The visible part of the map; names stay inside it. */
  bounds: Box;
  /** At most this many names. */
  limit: number;
}

const SIDES: readonly LabelSide[] = ['right', 'left', 'above', 'below'];

/**
 * A name's width, estimated without a browser (no text metrics in tests or before layout):
 * CJK, Hangul and kana take a full em; Latin capitals about 0.72 em, other letters 0.6 em,
 * spaces 0.3 em (the map's names are semi-bold). It errs on the wide side, so names that
 * do not overlap here do not overlap on screen.
 */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x2e80) ems += 1;
    else if (char === ' ') ems += 0.3;
    else if (char >= 'A' && char <= 'Z') ems += 0.72;
    else ems += 0.6;
  }
  return ems * fontSize;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function inside(box: Box, bounds: Box): boolean {
  return box.x0 >= bounds.x0 && box.x1 <= bounds.x1 && box.y0 >= bounds.y0 && box.y1 <= bounds.y1;
}

/** Where a city's name goes on one side of its dot. */
export function labelAt(city: LabelCandidate, side: LabelSide, fontSize: number, gap: number): PlacedLabel {
  // The halo drawn around names (a stroke) widens them a little on every side.
  const halo = fontSize * 0.15;
  const width = textWidth(city.text, fontSize) + 2 * halo;
  const height = fontSize * 1.2;
  const { id, x, y, r } = city;
  switch (side) {
    case 'right': {
      const x0 = x + r + gap;
      return { id, x: x0 + halo, y, anchor: 'start', side, box: { x0, y0: y - height / 2, x1: x0 + width, y1: y + height / 2 } };
    }
    case 'left': {
      const x1 = x - r - gap;
      return { id, x: x1 - halo, y, anchor: 'end', side, box: { x0: x1 - width, y0: y - height / 2, x1, y1: y + height / 2 } };
    }
    case 'above': {
      const y1 = y - r - gap;
      return { id, x, y: y1 - height / 2, anchor: 'middle', side, box: { x0: x - width / 2, y0: y1 - height, x1: x + width / 2, y1 } };
    }
    case 'below': {
      const y0 = y + r + gap;
      return { id, x, y: y0 + height / 2, anchor: 'middle', side, box: { x0: x - width / 2, y0, x1: x + width / 2, y1: y0 + height } };
    }
  }
}

/** The names to write, by rank then id, none overlapping another or another city's dot. */
export function placeLabels(candidates: readonly LabelCandidate[], options: LabelOptions): PlacedLabel[] {
  const { fontSize, gap, bounds, limit } = options;
  const dots = candidates.map((c) => ({ id: c.id, box: { x0: c.x - c.r, y0: c.y - c.r, x1: c.x + c.r, y1: c.y + c.r } }));
  const ranked = [...candidates].sort((a, b) => b.rank - a.rank || a.id - b.id);
  const placed: PlacedLabel[] = [];
  for (const city of ranked) {
    if (placed.length >= limit) break;
    for (const side of SIDES) {
      const label = labelAt(city, side, fontSize, gap);
      if (!inside(label.box, bounds)) continue;
      if (placed.some((other) => overlaps(other.box, label.box))) continue;
      if (dots.some((dot) => dot.id !== city.id && overlaps(dot.box, label.box))) continue;
      placed.push(label);
      break;
    }
  }
  return placed;
}

/** A name shown on hover or focus: the first side inside the map, whatever it covers. */
export function hoverLabel(city: LabelCandidate, fontSize: number, gap: number, bounds: Box): PlacedLabel {
  for (const side of SIDES) {
    const label = labelAt(city, side, fontSize, gap);
    if (inside(label.box, bounds)) return label;
  }
  return labelAt(city, 'right', fontSize, gap);
}
