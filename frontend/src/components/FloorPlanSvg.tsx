import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { Link } from 'react-router-dom';
import type { FloorPlan, FloorPlanBooth, Hall } from '../api/types';
import { useI18n } from '../i18n/context';
import { fitLabel, hitAreas, neighbour, planScale, readingOrder, toMetres, toPx, truncateToFit } from '../lib/floorPlan';
import { useWidth } from './useWidth';

const ARROWS: Record<string, 'left' | 'right' | 'up' | 'down'> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/**
 * A hall's floor plan as SVG, drawn in metres (the viewBox is the hall) at the scale
 * `planScale` picks for the container: booths coloured free or taken, their codes written
 * where they fit, exhibitors' names inside the large ones. Each booth is a button: click,
 * Enter or Space selects it; the arrow keys move between booths (one Tab stop for the plan).
 * On a phone the plan keeps its booths legible and scrolls sideways, to the selected booth.
 */
export function FloorPlanSvg({
  plan,
  selectedId,
  onSelect,
  label,
  highlight,
}: {
  plan: FloorPlan;
  selectedId: number | null;
  onSelect: (booth: FloorPlanBooth) => void;
  label: string;
  /** Booths to mark (e.g. one exhibitor's), besides the selected one. */
  highlight?: ReadonlySet<number>;
}) {
  const { t, pick } = useI18n();
  const [box, width] = useWidth<HTMLDivElement>(1100);
  const scroller = useRef<HTMLDivElement>(null);
  const refs = useRef(new Map<number, SVGGElement>());
  const { hall } = plan;
  const booths = useMemo(() => readingOrder(plan.booths), [plan.booths]);
  const scale = useMemo(() => planScale(hall, booths, width), [hall, booths, width]);
  const areas = useMemo(() => hitAreas(booths, hall, scale.pxPerMetre), [booths, hall, scale.pxPerMetre]);
  const focusable = selectedId ?? booths[0]?.id ?? null;

  // A selected booth out of view (phones scroll the plan sideways) is brought into it.
  useEffect(() => {
    const element = scroller.current;
    const booth = booths.find((b) => b.id === selectedId);
    if (!element || !booth || !scale.scrolls) return;
    const centre = toPx(booth.x + booth.w / 2, scale.pxPerMetre);
    if (centre < element.scrollLeft || centre > element.scrollLeft + element.clientWidth) {
      element.scrollLeft = centre - element.clientWidth / 2;
    }
  }, [selectedId, booths, scale]);

  const onKeyDown = (event: KeyboardEvent<SVGGElement>, booth: FloorPlanBooth) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(booth);
      return;
    }
    const direction = ARROWS[event.key];
    const next: FloorPlanBooth | null | undefined = direction
      ? neighbour(booths, booth, direction)
      : event.key === 'Home'
        ? booths[0]
        : event.key === 'End'
          ? booths.at(-1)
          : undefined;
    if (!direction && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    if (next) {
      onSelect(next);
      refs.current.get(next.id)?.focus();
    }
  };

  return (
    <div className="floor-plan-box" ref={box}>
      <div className={scale.scrolls ? 'floor-plan floor-plan-scrolls' : 'floor-plan'} ref={scroller}>
        <svg
          width={scale.widthPx}
          height={scale.heightPx}
          viewBox={scale.viewBox}
          preserveAspectRatio="xMidYMid meet"
          role="group"
          aria-label={label}
        >
          <rect className="hall-floor" x={0} y={0} width={hall.width} height={hall.height} vectorEffect="non-scaling-stroke" />
          {booths.map((booth, index) => {
            const area = areas[index] ?? booth;
            const taken = booth.exhibitor != null;
            const name = booth.exhibitor ? pick(booth.exhibitor.name) : null;
            const code = fitLabel(booth, booth.code, scale.pxPerMetre);
            // A booth tall enough for two lines also names its exhibitor.
            const roomForName = name && toPx(booth.h, scale.pxPerMetre) >= code.fontPx * 3.2;
            const namePx = Math.max(9, code.fontPx * 0.8);
            const nameText = roomForName ? truncateToFit(name, toPx(booth.w, scale.pxPerMetre) - 6, namePx) : '';
            const selected = booth.id === selectedId;
            const classes = [
              'booth',
              taken ? 'booth-taken' : 'booth-free',
              `booth-${booth.booth_type}`,
              selected ? 'booth-selected' : '',
              highlight?.has(booth.id) ? 'booth-highlight' : '',
            ]
              .filter(Boolean)
              .join(' ');
            return (
              <g
                key={booth.id}
                ref={(element) => {
                  if (element) refs.current.set(booth.id, element);
                  else refs.current.delete(booth.id);
                }}
                className={classes}
                role="button"
                tabIndex={booth.id === focusable ? 0 : -1}
                aria-pressed={selected}
                aria-label={
                  name ? t('plan.boothTaken', { code: booth.code, name }) : t('plan.boothFree', { code: booth.code })
                }
                data-code={booth.code}
                onClick={() => {
                  onSelect(booth);
                }}
                onKeyDown={(event) => {
                  onKeyDown(event, booth);
                }}
              >
                <rect className="booth-hit" x={area.x} y={area.y} width={area.w} height={area.h} />
                <rect
                  className="booth-rect"
                  x={booth.x}
                  y={booth.y}
                  width={booth.w}
                  height={booth.h}
                  vectorEffect="non-scaling-stroke"
                />
                {code.show ? (
                  <text
                    className="booth-code"
                    x={code.x}
                    y={nameText ? code.y - code.fontSize * 0.6 : code.y}
                    fontSize={code.fontSize}
                    textAnchor="middle"
                    dominantBaseline="central"
                    aria-hidden="true"
                  >
                    {booth.code}
                  </text>
                ) : null}
                {nameText ? (
                  <text
                    className="booth-name"
                    x={code.x}
                    y={code.y + toMetres(namePx, scale.pxPerMetre) * 0.9}
                    fontSize={toMetres(namePx, scale.pxPerMetre)}
                    textAnchor="middle"
                    dominantBaseline="central"
                    aria-hidden="true"
                  >
                    {nameText}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}

/** Links between the halls' plans. */
export function HallSwitcher({ halls, current, base }: { halls: readonly Hall[]; current: number; base: string }) {
  const { t, pick } = useI18n();
  if (halls.length < 2) return null;
  return (
    <nav className="hall-tabs" aria-label={t('plan.halls')}>
      {halls.map((hall) => (
        <Link
          key={hall.id}
          to={`${base}/${String(hall.id)}`}
          className={hall.id === current ? 'hall-tab active' : 'hall-tab'}
          aria-current={hall.id === current ? 'page' : undefined}
        >
          {pick(hall.name)}
        </Link>
      ))}
    </nav>
  );
}

export function PlanLegend() {
  const { t } = useI18n();
  return (
    <figcaption className="plan-legend">
      <span>
        <span className="swatch swatch-free" aria-hidden="true" />
        {t('plan.free')}
      </span>
      <span>
        <span className="swatch swatch-taken" aria-hidden="true" />
        {t('plan.taken')}
      </span>
      <span>
        <span className="swatch swatch-selected" aria-hidden="true" />
        {t('plan.selected')}
      </span>
      <span className="muted">{t('plan.keys')}</span>
    </figcaption>
  );
}
