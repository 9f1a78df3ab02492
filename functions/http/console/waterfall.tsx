/**
 * The score of a candidate pair as a waterfall: one bar per field weight (agreement to the right, disagreement to
 * the left) starting where the running total stood, the total at the bottom, and the review and link thresholds as
 * dashed lines, in inline SVG.
 */
import type { FieldEvidence } from '../../resolution/match-weights.js';
import { fieldLabel, formatWeight, levelLabel } from './labels.js';

const rowHeight = 20;
const labelWidth = 190;
const chartWidth = 420;
const valueWidth = 56;
const top = 22;

export function Waterfall(props: {
  evidence: FieldEvidence[];
  score: number;
  thresholds: { link: number; review: number };
}) {
  const { evidence, thresholds } = props;
  const steps: Array<{ label: string; from: number; to: number; weight: number }> = [];
  let running = 0;
  for (const e of evidence) {
    steps.push({
      label: `${fieldLabel(e.field)} · ${levelLabel(e.level)}`,
      from: running,
      to: running + e.weight,
      weight: e.weight,
    });
    running += e.weight;
  }
  const ends = [0, props.score, thresholds.link, thresholds.review, ...steps.map((s) => s.to)];
  const low = Math.floor(Math.min(...ends) - 1);
  const high = Math.ceil(Math.max(...ends) + 1);
  const x = (v: number) => labelWidth + ((v - low) / (high - low)) * chartWidth;
  const height = top + (steps.length + 1) * rowHeight + 8;
  const width = labelWidth + chartWidth + valueWidth;
  const threshold = (value: number, text: string, color: string) => (
    <g>
      <line
        x1={x(value)}
        x2={x(value)}
        y1={top - 6}
        y2={height - 4}
        stroke={color}
        stroke-dasharray="4 3"
        stroke-width="1.5"
      />
      <text x={x(value)} y={12} text-anchor="middle" style={`fill:${color}`}>
        {`${text} ${value}`}
      </text>
    </g>
  );
  const totalY = top + steps.length * rowHeight;
  return (
    <div class="waterfall">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby="waterfall-title"
        data-waterfall={props.score}
      >
        <title id="waterfall-title">{`匹配得分瀑布图：总分 ${props.score}`}</title>
        <line x1={x(0)} x2={x(0)} y1={top - 4} y2={height - 4} stroke="#94a3b8" />
        {threshold(thresholds.review, '人工复核', '#b45309')}
        {threshold(thresholds.link, '自动关联', '#15803d')}
        {steps.map((s, i) => {
          const y = top + i * rowHeight;
          const left = Math.min(x(s.from), x(s.to));
          const barWidth = Math.max(1.5, Math.abs(x(s.to) - x(s.from)));
          const color = s.weight > 0 ? '#16a34a' : s.weight < 0 ? '#dc2626' : '#9ca3af';
          return (
            <g data-evidence={s.label}>
              <text x={labelWidth - 8} y={y + 14} text-anchor="end">
                {s.label}
              </text>
              {i > 0 && (
                <line
                  x1={x(s.from)}
                  x2={x(s.from)}
                  y1={y - rowHeight + 16}
                  y2={y + 3}
                  stroke="#cbd5e1"
                  stroke-width="1"
                />
              )}
              <rect x={left} y={y + 3} width={barWidth} height={13} rx="2" fill={color} />
              <text x={width - 4} y={y + 14} text-anchor="end" style={`fill:${color}`}>
                {formatWeight(s.weight)}
              </text>
            </g>
          );
        })}
        <text x={labelWidth - 8} y={totalY + 14} text-anchor="end" style="font-weight:700">
          总分
        </text>
        <rect
          x={Math.min(x(0), x(props.score))}
          y={totalY + 3}
          width={Math.max(1.5, Math.abs(x(props.score) - x(0)))}
          height={13}
          rx="2"
          fill="#f59e0b"
        />
        <text x={width - 4} y={totalY + 14} text-anchor="end" style="font-weight:700">
          {props.score.toFixed(2)}
        </text>
      </svg>
    </div>
  );
}
