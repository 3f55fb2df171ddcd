/** A small line chart of the last minutes: one or more series over the same time axis, newest on the right. */
export interface Series {
  label: string;
  values: number[];
  color: string;
}

export function Sparkline({ series, width = 320, height = 64, window = 2 }: { series: Series[]; width?: number; height?: number; window?: number }) {
  // A fixed time window: new samples enter on the right, so a young history does not stretch.
  const length = Math.max(window, ...series.map((s) => s.values.length), 2);
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number, n: number) => ((i + length - n) / (length - 1)) * width;
  const y = (v: number) => height - 2 - (v / max) * (height - 4);
  return (
    <figure className="sparkline">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={series.map((s) => s.label).join(', ')}>
        <line x1={0} x2={width} y1={height - 1} y2={height - 1} className="axis" />
        {series.map((s) =>
          s.values.length < 2 ? null : (
            <polyline
              key={s.label}
              fill="none"
              stroke={s.color}
              strokeWidth={1.5}
              points={s.values.map((v, i) => `${x(i, s.values.length).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
            />
          ),
        )}
      </svg>
      <figcaption>
        {series.map((s) => (
          <span key={s.label} className="legend">
            <i style={{ background: s.color }} /> {s.label}: {s.values.at(-1) ?? 0}
          </span>
        ))}
        <span className="legend muted">max {max}</span>
      </figcaption>
    </figure>
  );
}
