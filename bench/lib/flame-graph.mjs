// Flame graphs of V8 .cpuprofile files, drawn by Vega's partition layout to SVG and PNG (see
// bench/flame-graph.mjs for the command).
import { writeChart } from './chart.mjs';
import { readCpuProfile, shortUrl } from './cpu-profile.mjs';

const WIDTH = 1200;
const ROW = 17;

function kindOf(url) {
  if (!url) return 'V8 and system calls';
  if (/\/(apps|libs)\//.test(url) && !url.includes('/node_modules/')) return 'Switchboard';
  if (url.includes('/node_modules/')) return 'libraries (ws, mqtt-packet...)';
  return 'Node.js';
}

/**
 * Writes `<out>.svg` and `<out>.png` (not with `png: false`). Idle time, the subtrees of
 * `exclude` (start-up by default) and the first `fromMs` of the profile are left out; call paths
 * under `minPercent` of the rest fold into their caller.
 */
export async function drawFlameGraph(file, out, { title = file.split('/').pop(), minPercent = 0.4, exclude = ['executeUserEntryPoint'], fromMs = 0, png = true } = {}) {
  const { profile, byId, selfTicks } = readCpuProfile(file, { fromMs });
  const leftOut = new Set(['(idle)', ...exclude]);

  const totals = new Map();
  function total(node) {
    if (leftOut.has(node.callFrame.functionName)) return 0;
    let sum = selfTicks.get(node.id) ?? 0;
    for (const child of node.children ?? []) sum += total(byId.get(child));
    totals.set(node.id, sum);
    return sum;
  }
  const root = profile.nodes[0];
  const busy = total(root);
  const minTicks = (busy * minPercent) / 100;

  /** Boxes of at least minPercent; what is cut off counts as its caller's own time, so widths still add up. */
  const boxes = [];
  function visit(node, parentId, depth) {
    const id = boxes.length;
    const frame = node.callFrame;
    const name = `${frame.functionName || '(anonymous)'}${frame.url ? ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : ''}`;
    const box = { id, parent: parentId, name, kind: kindOf(frame.url), self: selfTicks.get(node.id) ?? 0, depth };
    boxes.push(box);
    for (const childId of node.children ?? []) {
      const child = byId.get(childId);
      const ticks = totals.get(childId) ?? 0;
      if (ticks === 0) continue;
      if (ticks < minTicks) box.self += ticks;
      else visit(child, id, depth + 1);
    }
    box.share = ((totals.get(node.id) ?? 0) / busy) * 100;
  }
  visit(root, null, 0);
  boxes[0].name = 'all busy time';

  const depth = Math.max(...boxes.map((box) => box.depth)) + 1;
  const height = depth * ROW;

  const spec = {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: WIDTH,
    height,
    padding: 8,
    background: 'white',
    title: { text: title, subtitle: `${busy} samples, idle and start-up left out; boxes under ${minPercent} % are folded into their caller`, anchor: 'start' },
    data: [
      {
        name: 'tree',
        values: boxes,
        transform: [
          { type: 'stratify', key: 'id', parentKey: 'parent' },
          { type: 'partition', field: 'self', sort: { field: 'value', order: 'descending' }, size: [WIDTH, height], padding: 0 },
        ],
      },
    ],
    scales: [
      {
        name: 'color',
        type: 'ordinal',
        domain: ['Switchboard', 'libraries (ws, mqtt-packet...)', 'Node.js', 'V8 and system calls'],
        range: ['#e8743b', '#f2c14e', '#7fb3d5', '#b8b8b8'],
      },
    ],
    legends: [{ fill: 'color', orient: 'top', direction: 'horizontal', title: null, labelLimit: 300 }],
    marks: [
      {
        type: 'rect',
        from: { data: 'tree' },
        encode: {
          enter: {
            x: { field: 'x0' },
            x2: { field: 'x1' },
            // The partition puts the root at the top; a flame graph stands on it.
            y: { signal: `${height} - datum.y1` },
            y2: { signal: `${height} - datum.y0` },
            fill: { scale: 'color', field: 'kind' },
            stroke: { value: 'white' },
            strokeWidth: { value: 0.5 },
          },
        },
      },
      {
        type: 'text',
        from: { data: 'tree' },
        encode: {
          enter: {
            x: { signal: 'datum.x0 + 3' },
            y: { signal: `${height} - (datum.y0 + datum.y1) / 2` },
            baseline: { value: 'middle' },
            fontSize: { value: 10 },
            fill: { value: '#202020' },
            text: { signal: "datum.x1 - datum.x0 > 40 ? datum.name + ' (' + format(datum.share, '.1f') + ' %)' : ''" },
            limit: { signal: 'max(0, datum.x1 - datum.x0 - 6)' },
          },
        },
      },
    ],
  };

  return writeChart(out, spec, { vega: true, png });
}
