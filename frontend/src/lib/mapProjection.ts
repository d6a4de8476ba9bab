import { geoGraticule10, geoInterpolate, geoNaturalEarth1, geoPath, type GeoPermissibleObjects } from 'd3-geo';

/** A point as GeoJSON orders it: longitude, then latitude, in degrees. */
export type LonLat = readonly [number, number];

/** The width of the map's viewBox; its height follows from the projection. */
export const MAP_WIDTH = 960;

const SPHERE: GeoPermissibleObjects = { type: 'Sphere' };

/**
 * The world map's geometry, without React: a Natural Earth projection turned so that
 * `centralMeridian` is in the middle, fitted to a viewBox `width` wide. Every drawing
 * (countries, arcs, dots) goes through it, so they line up.
 */
export interface MapProjection {
  width: number;
  height: number;
  centralMeridian: number;
  /** Where a city is in the viewBox, or null if the projection cannot place it. */
  point: (at: LonLat) => [number, number] | null;
  /** The SVG path of any GeoJSON object (countries, the sphere's outline, the graticule). */
  path: (object: GeoPermissibleObjects) => string;
  /** The outline of the globe. */
  sphere: () => string;
  /** A 10° graticule. */
  graticule: () => string;
  /**
   * The great-circle arc between two cities. Where it crosses the map's edge (the
   * meridian opposite the central one) d3 cuts it into two pieces at the edges, so it
   * never runs straight across the map.
   */
  arc: (from: LonLat, to: LonLat) => string;
  /** The top and bottom (y) of what an arc covers on the map, cuts included. */
  arcExtent: (from: LonLat, to: LonLat) => [number, number];
}

function line(from: LonLat, to: LonLat): GeoPermissibleObjects {
  return { type: 'LineString', coordinates: [[from[0], from[1]], [to[0], to[1]]] };
}

export function createMapProjection(centralMeridian = 0, width = MAP_WIDTH): MapProjection {
  const projection = geoNaturalEarth1().rotate([-centralMeridian, 0]).fitWidth(width, SPHERE);
  const generator = geoPath(projection);
  // fitWidth puts the globe's top at y = 0; its bottom is the viewBox's height.
  const height = Math.ceil(generator.bounds(SPHERE)[1][1]);
  const path = (object: GeoPermissibleObjects) => generator(object) ?? '';
  return {
    width,
    height,
    centralMeridian,
    point: (at) => {
      const xy = projection([at[0], at[1]]);
      return xy ? [xy[0], xy[1]] : null;
    },
    path,
    sphere: () => path(SPHERE),
    graticule: () => path(geoGraticule10()),
    arc: (from, to) => path(line(from, to)),
    arcExtent: (from, to) => {
      const [[, top], [, bottom]] = generator.bounds(line(from, to));
      return [top, bottom];
    },
  };
}

/** `lon` brought into [-180, 180). */
export function wrapLongitude(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

const SAMPLES = 48;

/**
 * Whether the great-circle arc from `a` to `b` crosses `meridian` (a half-circle from pole
 * to pole). The arc is sampled; a crossing shows as a sign change of the longitude
 * measured from that meridian, between two samples close to it.
 */
export function arcCrossesMeridian(a: LonLat, b: LonLat, meridian: number): boolean {
  const along = geoInterpolate([a[0], a[1]], [b[0], b[1]]);
  let previous = wrapLongitude(a[0] - meridian);
  for (let i = 1; i <= SAMPLES; i += 1) {
    const [lon] = along(i / SAMPLES);
    const current = wrapLongitude(lon - meridian);
    // A jump of more than half the globe is the opposite meridian, not this one.
    if (Math.sign(previous) !== Math.sign(current) && Math.abs(current - previous) < 180) return true;
    if (current === 0) return true;
    previous = current;
  }
  return false;
}

/**
 * The central meridian that cuts the fewest arcs at the map's edge. Candidates go in
 * 10° steps; among equals the one nearest `preferred` (the host city) wins, so the map
 * does not jump about when a filter changes nothing that matters.
 */
export function bestCentralMeridian(arcs: readonly (readonly [LonLat, LonLat])[], preferred = 0): number {
  let best = wrapLongitude(Math.round(preferred / 10) * 10);
  let bestCuts = Infinity;
  let bestDistance = Infinity;
  for (let candidate = -180; candidate < 180; candidate += 10) {
    const edge = wrapLongitude(candidate + 180);
    let cuts = 0;
    for (const [a, b] of arcs) {
      if (arcCrossesMeridian(a, b, edge)) cuts += 1;
    }
    const distance = Math.abs(wrapLongitude(candidate - preferred));
    if (cuts < bestCuts || (cuts === bestCuts && distance < bestDistance)) {
      best = candidate;
      bestCuts = cuts;
      bestDistance = distance;
    }
  }
  return best;
}

/** A city dot's radius in viewBox units: larger for more partnerships, within limits. */
export function dotRadius(degree: number): number {
  return Math.min(9, 3 + 1.6 * Math.sqrt(Math.max(0, degree)));
}

/**
 * The band of the map (top y and height, full width) that holds the cities and arcs,
 * with `padding` around them and at least `minShare` of the whole height, so that the
 * map zooms in on where the partnerships are (most are in the north) without cutting
 * any of them. With nothing to show: the whole map.
 */
export function contentBand(
  map: Pick<MapProjection, 'height' | 'point' | 'arcExtent'>,
  points: readonly LonLat[],
  arcs: readonly (readonly [LonLat, LonLat])[],
  padding = 36,
  minShare = 0.5,
): { y: number; height: number } {
  let top = Infinity;
  let bottom = -Infinity;
  for (const at of points) {
    const xy = map.point(at);
    if (!xy) continue;
    top = Math.min(top, xy[1]);
    bottom = Math.max(bottom, xy[1]);
  }
  for (const [a, b] of arcs) {
    const [arcTop, arcBottom] = map.arcExtent(a, b);
    top = Math.min(top, arcTop);
    bottom = Math.max(bottom, arcBottom);
  }
  if (!Number.isFinite(top) || !Number.isFinite(bottom)) return { y: 0, height: map.height };
  top -= padding;
  bottom += padding;
  const least = map.height * minShare;
  if (bottom - top < least) {
    const middle = (top + bottom) / 2;
    top = middle - least / 2;
    bottom = middle + least / 2;
  }
  // Keep the band inside the map, moving it rather than shrinking it.
  if (top < 0) {
    bottom -= top;
    top = 0;
  }
  if (bottom > map.height) {
    top = Math.max(0, top - (bottom - map.height));
    bottom = map.height;
  }
  return { y: Math.round(top), height: Math.round(bottom - top) };
}
