import type { AccreditationStatus } from '../api/types';
import { useI18n } from '../i18n/context';
import { layoutBars } from '../lib/chart';
import { useWidth } from './useWidth';

const VALUE_WIDTH = 44;
const BAR_HEIGHT = 26;
const GAP = 10;
const AXIS_HEIGHT = 24;

/**
 * Delegates per accreditation state as horizontal bars, drawn at the width of its box.
 * Screen readers get the numbers in its label.
 */
export function StatusChart({ counts }: { counts: readonly { status: AccreditationStatus; count: number }[] }) {
  const { t, locale } = useI18n();
  const [box, width] = useWidth<HTMLDivElement>(600);
  const number = new Intl.NumberFormat(locale);
  const labelWidth = Math.min(130, Math.round(width * 0.3));
  const plotWidth = width - labelWidth - VALUE_WIDTH;
  const layout = layoutBars(
    counts.map((c) => c.count),
    plotWidth,
    BAR_HEIGHT,
    GAP,
  );
  const height = layout.height + AXIS_HEIGHT;
  const summary = counts.map((c) => `${t(`status.${c.status}`)} ${number.format(c.count)}`).join(', ');

  return (
    <div ref={box} className="chart-box">
      <svg
        className="status-chart"
        width={width}
        height={height}
        viewBox={`0 0 ${String(width)} ${String(height)}`}
        role="img"
        aria-label={t('acc.chartLabel', { summary })}
      >
        <g aria-hidden="true">
          {layout.ticks.map((tick) => {
            const x = labelWidth + (tick / layout.scaleMax) * plotWidth;
            return (
              <g key={tick}>
                <line className="grid" x1={x} x2={x} y1={0} y2={layout.height} />
                <text className="tick" x={x} y={layout.height + 17} textAnchor="middle">
                  {number.format(tick)}
                </text>
              </g>
            );
          })}
          {counts.map((c, i) => {
            const bar = layout.bars[i];
            if (!bar) return null;
            const mid = bar.y + BAR_HEIGHT / 2;
            return (
              <g key={c.status} className={`bar bar-${c.status}`}>
                <text className="label" x={labelWidth - 10} y={mid} textAnchor="end" dominantBaseline="central">
                  {t(`status.${c.status}`)}
                </text>
                <rect
                  x={labelWidth}
                  y={bar.y}
                  width={Math.max(bar.width, c.count > 0 ? 2 : 0)}
                  height={BAR_HEIGHT}
                  rx={4}
                />
                <text className="value" x={labelWidth + bar.width + 8} y={mid} dominantBaseline="central">
                  {number.format(c.count)}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
