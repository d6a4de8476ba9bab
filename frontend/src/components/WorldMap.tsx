import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlas from 'world-atlas/countries-110m.json';
import type { Edge, NetworkNode } from '../api/types';
import { useI18n } from '../i18n/context';
import { contentBand, createMapProjection, dotRadius, MAP_WIDTH, type LonLat } from '../lib/mapProjection';
import { useWidth } from './useWidth';

type World = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

/** The bundled Natural Earth 1:110m atlas (no tile server is reachable). */
const world = atlas as unknown as World;
const LAND = feature(world, world.objects.land);
const BORDERS = mesh(world, world.objects.countries, (a, b) => a !== b);

/** How many of the best-connected cities get a name on the map (the rest: on hover). */
const LABELS_WIDE = 12;
const LABELS_NARROW = 4;

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
  const labelled = useMemo(() => {
    const limit = width < 600 ? LABELS_NARROW : LABELS_WIDE;
    return new Set(
      [...nodes]
        .sort((a, b) => b.degree - a.degree || a.id - b.id)
        .slice(0, limit)
        .map((node) => node.id),
    );
  }, [nodes, width]);

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
            const at = map.point([node.longitude, node.latitude]);
            if (!at) return null;
            const name = pick(node.name);
            const r = dotRadius(node.degree) * Math.min(scale, 2.2);
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
                <circle cx={at[0]} cy={at[1]} r={r} strokeWidth={1.2 * scale} />
                {labelled.has(node.id) || active === node.id ? (
                  <text
                    x={at[0] + r + 3 * scale}
                    y={at[1]}
                    dy="0.35em"
                    fontSize={12 * scale}
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
