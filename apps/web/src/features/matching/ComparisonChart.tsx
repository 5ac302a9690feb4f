import { useMatchingText } from './matching-text';

export interface ComparisonView {
  a: { id: string; algorithm: 'serial' | 'optimal'; assigned: number; unassigned: number };
  b: { id: string; algorithm: 'serial' | 'optimal'; assigned: number; unassigned: number };
  comparison: { byChoice: { choice: number; a: number; b: number }[]; differing: number };
}

const COLORS = { a: '#4f81bd', b: '#f79646' };
const ROW = 46;
const LABEL = 110;
const WIDTH = 320;

/**
 * Grouped horizontal bars (plain SVG): per choice number, how many hires each of the two runs
 * gave that choice, and last how many each left unassigned.
 */
export function ComparisonChart({ view }: { view: ComparisonView }) {
  const { t } = useMatchingText();
  const rows = [
    ...view.comparison.byChoice.map((c) => ({
      key: String(c.choice),
      label: t('matching.choiceN', { n: c.choice }),
      a: c.a,
      b: c.b,
    })),
    {
      key: 'unassigned',
      label: t('matching.unassignedBar'),
      a: view.a.unassigned,
      b: view.b.unassigned,
    },
  ];
  const top = Math.max(1, ...rows.flatMap((r) => [r.a, r.b]));
  const names = {
    a: t(`matching.algorithm.${view.a.algorithm}`),
    b: t(`matching.algorithm.${view.b.algorithm}`),
  };
  return (
    <figure>
      <svg
        role="img"
        aria-label={t('matching.comparison')}
        width={LABEL + WIDTH + 60}
        height={rows.length * ROW + 30}
        data-testid="comparison-chart"
      >
        {(['a', 'b'] as const).map((side, i) => (
          <g key={side} transform={`translate(${LABEL + i * 170}, 4)`}>
            <rect width={12} height={12} fill={COLORS[side]} />
            <text x={18} y={11} fontSize={12}>
              {names[side]}
            </text>
          </g>
        ))}
        {rows.map((row, index) => (
          <g key={row.key} transform={`translate(0, ${index * ROW + 26})`}>
            <text x={0} y={24} fontSize={12}>
              {row.label}
            </text>
            {(['a', 'b'] as const).map((side, i) => {
              const width = (row[side] / top) * WIDTH;
              return (
                <g
                  key={side}
                  transform={`translate(${LABEL}, ${i * 20})`}
                  data-testid={`bar-${view[side].algorithm}-${row.key}`}
                >
                  <title>{`${names[side]} · ${row.label}: ${row[side]}`}</title>
                  <rect width={Math.max(1, width)} height={16} fill={COLORS[side]} />
                  <text x={Math.max(1, width) + 6} y={13} fontSize={12}>
                    {row[side]}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
    </figure>
  );
}
