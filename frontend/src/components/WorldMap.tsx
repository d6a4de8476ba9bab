import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlas from 'world-atlas/countries-110m.json';
import type { Edge, NetworkNode } from '../api/types';
import { useI18n } from '../i18n/context';
import { hoverLabel, placeLabels, type LabelCandidate } from '../lib/mapLabels';
import { contentBand, createMapProjection, dotRadius, MAP_WIDTH, type LonLat } from '../lib/mapProjection';
import { useWidth } from './useWidth';

type World = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

/** The bundled Natural Earth 1:110m atlas (no tile server is reachable). */
const world = atlas as unknown as World;
const LAND = feature(world, world.objects.land);
const BORDERS = mesh(world, world.objects.countries, (a, b) => a !== b);

/**
 * At most how many of the best-connected cities get a name on the map (the rest: on hover
 * and focus); fewer where names would overlap (`placeLabels`).
 */
const LABELS_WIDE = 12;
const LABELS_NARROW = 6;

/**
 * The world map: land and borders from the atlas, partnerships as great-circle arcs
 * (coloured by kind, dashed by status, through CSS classes), and the cities as dots
 * that link to their pages. Hovering or focusing a city brings its arcs forward.
 */
export function WorldMap({
  nodes,
  edges,
  centralMeridian,
  label,
}: {
  nodes: readonly NetworkNode[];
  edges: readonly Edge[];
  centralMeridian: number;
  label: string;
}) {
  const { t, pick } = useI18n();
  const [svg, width] = useWidth<SVGSVGElement>(MAP_WIDTH);
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<number | null>(null);
  const map = useMemo(() => createMapProjection(centralMeridian), [centralMeridian]);
  const land = useMemo(() => map.path(LAND), [map]);
  const borders = useMemo(() => map.path(BORDERS), [map]);
  const byId = useMemo(() => new Map(nodes.map((node) => [node.id, node])), [nodes]);
  // The map zooms in on the band of latitudes where the shown cities and arcs are.
  const band = useMemo(() => {
    const where = (node: NetworkNode): LonLat => [node.longitude, node.latitude];
    const arcs = edges.flatMap((edge) => {
      const a = byId.get(edge.source);
      const b = byId.get(edge.target);
      return a && b ? [[where(a), where(b)] as const] : [];
    });
    return contentBand(map, nodes.map(where), arcs);
  }, [map, nodes, edges, byId]);

  // Text and strokes keep their on-screen size whatever the map's rendered width.
  const scale = MAP_WIDTH / Math.max(1, width);
  const fontSize = 12 * scale;
  const gap = 3 * scale;
  const bounds = useMemo(() => ({ x0: 0, y0: band.y, x1: map.width, y1: band.y + band.height }), [band, map]);
  const candidates = useMemo(
    () =>
      new Map(
        nodes.flatMap((node): [number, LabelCandidate][] => {
          const at = map.point([node.longitude, node.latitude]);
          if (!at) return [];
          const r = dotRadius(node.degree) * Math.min(scale, 2.2);
          return [[node.id, { id: node.id, x: at[0], y: at[1], r, text: pick(node.name), rank: node.degree }]];
        }),
      ),
    [nodes, map, scale, pick],
  );
  const labels = useMemo(() => {
    const limit = width < 600 ? LABELS_NARROW : LABELS_WIDE;
    const placed = placeLabels([...candidates.values()], { fontSize, gap, bounds, limit });
    return new Map(placed.map((label) => [label.id, label]));
  }, [candidates, fontSize, gap, bounds, width]);

  // On a phone the map is wider than the screen and scrolls sideways: it starts with the
  // best-connected city in the middle (again after a resize, which changes the width).
  const hub = useMemo(() => {
    const [first] = [...nodes].sort((a, b) => b.degree - a.degree || a.id - b.id);
    const at = first ? map.point([first.longitude, first.latitude]) : null;
    return at ? at[0] / map.width : 0.5;
  }, [nodes, map]);
  useEffect(() => {
    const element = scroller.current;
    if (element && element.scrollWidth > element.clientWidth) {
      element.scrollLeft = hub * element.scrollWidth - element.clientWidth / 2;
    }
  }, [hub, width]);

  return (
    <div className="world-map" ref={scroller}>
      <svg
        ref={svg}
        viewBox={`0 ${String(band.y)} ${String(map.width)} ${String(band.height)}`}
        role="group"
        aria-label={label}
        style={{ ['--map-scale' as string]: String(scale) }}
      >
        <path className="map-sphere" d={map.sphere()} />
        <path className="map-graticule" d={map.graticule()} />
        <path className="map-land" d={land} />
        <path className="map-borders" d={borders} strokeWidth={0.6 * scale} />
        <g className="map-arcs" aria-hidden="true">
          {edges.map((edge) => {
            const a = byId.get(edge.source);
            const b = byId.get(edge.target);
            if (!a || !b) return null;
            const dim = active !== null && edge.source !== active && edge.target !== active;
            return (
              <path
                key={edge.id}
                className={`arc kind-${edge.kind} status-${edge.status}${dim ? ' dim' : ''}`}
                data-pair={`${a.name.en}–${b.name.en}`}
                d={map.arc([a.longitude, a.latitude], [b.longitude, b.latitude])}
                strokeWidth={(edge.status === 'active' ? 2.2 : 1.8) * scale}
              />
            );
          })}
        </g>
        <g className="map-cities">
          {nodes.map((node) => {
            const city = candidates.get(node.id);
            if (!city) return null;
            const name = city.text;
            const label = labels.get(node.id) ?? (active === node.id ? hoverLabel(city, fontSize, gap, bounds) : undefined);
            return (
              <Link
                key={node.id}
                to={`/cities/${String(node.id)}`}
                className="map-city"
                aria-label={t('map.cityLink', {
                  name,
                  partnerships:
                    node.degree === 1 ? t('count.partnershipsOne') : t('count.partnerships', { count: node.degree }),
                })}
                onMouseEnter={() => {
                  setActive(node.id);
                }}
                onMouseLeave={() => {
                  setActive(null);
                }}
                onFocus={() => {
                  setActive(node.id);
                }}
                onBlur={() => {
                  setActive(null);
                }}
              >
                <title>{name}</title>
                <circle cx={city.x} cy={city.y} r={city.r} strokeWidth={1.2 * scale} />
                {label ? (
                  <text
                    x={label.x}
                    y={label.y}
                    dy="0.35em"
                    textAnchor={label.anchor}
                    fontSize={fontSize}
                    strokeWidth={3 * scale}
                    aria-hidden="true"
                  >
                    {name}
                  </text>
                ) : null}
              </Link>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
