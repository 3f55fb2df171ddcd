// Charts for bench reports: a Vega-Lite spec rendered to SVG by Vega (no browser, no canvas) and
// to PNG by resvg, so a report can be read anywhere and shown in the README.
import { writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';

/**
 * Writes `<base>.svg` and `<base>.png` (only the SVG with `{ png: false }`); returns their paths.
 * A Vega-Lite spec, or with `{ vega: true }` a Vega one (for what Vega-Lite has no mark for, such
 * as a partition layout).
 */
export async function writeChart(base, spec, { vega: isVega = false, png = true } = {}) {
  const vegaSpec = isVega ? spec : compile({ background: 'white', ...spec }).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  const svg = await view.toSVG();
  writeFileSync(`${base}.svg`, svg);
  if (!png) return { svg: `${base}.svg` };
  writeFileSync(`${base}.png`, new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 } }).render().asPng());
  return { svg: `${base}.svg`, png: `${base}.png` };
}

/** Time series of one or more fields of `samples` against `x`, one panel per entry of `panels`. */
export function timePanels(title, samples, x, panels) {
  return {
    title,
    data: { values: samples },
    vconcat: panels.map(({ fields, unit }) => ({
      width: 720,
      height: 160,
      transform: [{ fold: fields, as: ['series', 'value'] }],
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: { field: x, type: 'quantitative', title: 'seconds' },
        y: { field: 'value', type: 'quantitative', title: unit },
        color: { field: 'series', type: 'nominal', title: null },
      },
    })),
    resolve: { scale: { color: 'independent' } },
  };
}
