import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatTime } from './format';

export interface TimeSeries {
  label: string;
  color: string;
  values: number[];
}

export interface TimeChartProps {
  title: string;
  /** Names the chart for screen readers, which cannot read the canvas ("Connections, all hubs"). */
  description: string;
  /** Epoch milliseconds, oldest first, one per value of each series. */
  times: number[];
  series: TimeSeries[];
  /** The time axis always spans this many seconds up to the newest sample, so a young history does not stretch. */
  windowSeconds: number;
  height?: number;
  /** Charts with the same key move their cursors together. */
  syncKey?: string;
}

/** Tick steps for counts: whole numbers only (no "0.5 connections"). */
const COUNT_STEPS = [1, 2, 5].flatMap((step) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((scale) => step * scale)).sort((a, b) => a - b);

/**
 * A line chart of counts over time, drawn by uPlot: a time axis, a count axis from zero, and a
 * legend that shows the values under the cursor. The chart is made once per shape and fed new
 * data as samples arrive, which is what uPlot is fast at.
 */
export function TimeChart({ title, description, times, series, windowSeconds, height = 130, syncKey }: TimeChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef({ times, series, windowSeconds });
  latest.current = { times, series, windowSeconds };
  const shape = JSON.stringify([title, height, syncKey, series.map(({ label, color }) => [label, color])]);

  useEffect(() => {
    const element = holder.current!;
    const made = new uPlot(
      {
        title,
        width: element.clientWidth || 320,
        height,
        cursor: { drag: { x: false, y: false }, ...(syncKey ? { sync: { key: syncKey } } : {}) },
        scales: {
          x: {
            time: true,
            range: () => {
              const { times: at, windowSeconds: span } = latest.current;
              const end = (at.at(-1) ?? Date.now()) / 1000;
              return [end - span, end];
            },
          },
          y: { range: (_u, _min, max) => uPlot.rangeNum(0, Math.max(max ?? 0, 1), 0.1, true) },
        },
        axes: [
          { space: 70, values: (_u, splits) => splits.map((seconds) => formatTime(seconds * 1000)) },
          { incrs: COUNT_STEPS, size: 44 },
        ],
        series: [
          { label: 'Time', value: (_u, seconds) => (seconds == null ? '--' : formatTime(seconds * 1000)) },
          ...latest.current.series.map(({ label, color }) => ({ label, stroke: color, width: 1.5, points: { show: false } })),
        ],
      },
      toData(latest.current.times, latest.current.series),
      element,
    );
    chart.current = made;
    const resize = new ResizeObserver(() => made.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      made.destroy();
      chart.current = null;
    };
    // Everything that changes the chart's shape is in `shape`; data goes through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    chart.current?.setData(toData(times, series));
  }, [times, series]);

  return <figure className="time-chart" aria-label={description} ref={holder} />;
}

function toData(times: number[], series: TimeSeries[]): uPlot.AlignedData {
  return [times.map((at) => at / 1000), ...series.map((s) => s.values)];
}
