// The comparison's report: medians of each cell's runs per server, their ratios to the cell's
// reference server, the issue's goals checked against them, and a chart of the ratios.
import { median } from '../lib/processes.mjs';

const fmt = (n, digits = 0) => (n == null || Number.isNaN(n) ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const ratio = (a, b) => (a == null || !b ? null : a / b);
/** A ratio as shown, or null when a figure is missing. */
const ratioText = (r) => (r == null ? null : `${r.toFixed(2)}×`);
const fmtRatio = (r) => ratioText(r) ?? '–';

/** Per cell and target: the medians of the figures that matter for the cell's kind. */
export function summarise(cells, results) {
  const out = new Map();
  for (const cell of cells) {
    for (const target of cell.targets) {
      const runs = results.filter((r) => r.cell === cell.id && r.target === target);
      const ok = runs.filter((r) => r.ok);
      const pick = (f) => (ok.length ? median(ok.map(f)) : null);
      out.set(`${cell.id}|${target}`, {
        runs: runs.length,
        failed: runs.length - ok.length,
        errors: runs.filter((r) => !r.ok).map((r) => r.error),
        deliveriesPerSec: pick((r) => r.deliveriesPerSec),
        perCpuSecond: pick((r) => (r.serverCpuCores > 0 ? r.deliveriesPerSec / r.serverCpuCores : null)),
        serverCpu: pick((r) => r.serverCpuCores),
        loadgenCpu: pick((r) => r.loadgenCpuCores),
        p50: pick((r) => r.latencyMs?.p50),
        p99: pick((r) => r.latencyMs?.p99),
        p999: pick((r) => r.latencyMs?.p999),
        lost: ok.length ? Math.max(...ok.map((r) => r.lost ?? 0)) : null,
        connectsPerSec: pick((r) => r.connectsPerSec),
        cpuMsPerConnect: pick((r) => r.serverCpuMsPerConnect),
        kbPerConnection: pick((r) => r.serverRssPerConnKB),
        held: ok.length ? Math.min(...ok.map((r) => r.stillOpenAfterHold ?? 0)) : null,
      });
    }
  }
  return out;
}

const referenceOf = (cell, stats) => stats.get(`${cell.reference.cell ?? cell.id}|${cell.reference.target}`);

function cellTable(cell, stats) {
  const ref = referenceOf(cell, stats);
  const refName = cell.reference.target;
  const rows = [];
  const failed = (s) => (s.failed ? ` (${s.failed} of ${s.runs} runs failed: ${s.errors[0]})` : '');
  if (cell.kind === 'throughput') {
    rows.push(`| server | deliveries/s | × ${refName} | per server CPU-s | × ${refName} | server / loadgen cores |`, '|---|---|---|---|---|---|');
    for (const target of cell.targets) {
      const s = stats.get(`${cell.id}|${target}`);
      rows.push(`| ${target}${failed(s)} | ${fmt(s.deliveriesPerSec)} | ${fmtRatio(ratio(s.deliveriesPerSec, ref?.deliveriesPerSec))} | ${fmt(s.perCpuSecond)} | ${fmtRatio(ratio(s.perCpuSecond, ref?.perCpuSecond))} | ${fmt(s.serverCpu, 2)} / ${fmt(s.loadgenCpu, 2)} |`);
    }
  } else if (cell.kind === 'latency') {
    rows.push(`| server | p50 ms | p99 ms | p99.9 ms | p99 × ${refName} | lost | server cores |`, '|---|---|---|---|---|---|---|');
    for (const target of cell.targets) {
      const s = stats.get(`${cell.id}|${target}`);
      rows.push(`| ${target}${failed(s)} | ${fmt(s.p50, 2)} | ${fmt(s.p99, 2)} | ${fmt(s.p999, 2)} | ${fmtRatio(ratio(s.p99, ref?.p99))} | ${fmt(s.lost)} | ${fmt(s.serverCpu, 2)} |`);
    }
  } else {
    rows.push(`| server | connects/s | × ${refName} | server CPU ms per connect | RSS KB per connection | × ${refName} | held |`, '|---|---|---|---|---|---|---|');
    for (const target of cell.targets) {
      const s = stats.get(`${cell.id}|${target}`);
      rows.push(`| ${target}${failed(s)} | ${fmt(s.connectsPerSec)} | ${fmtRatio(ratio(s.connectsPerSec, ref?.connectsPerSec))} | ${fmt(s.cpuMsPerConnect, 3)} | ${fmt(s.kbPerConnection, 1)} | ${fmtRatio(ratio(s.kbPerConnection, ref?.kbPerConnection))} | ${fmt(s.held)} |`);
    }
  }
  return `**${cell.title}** (\`${cell.id}\`, against ${refName}${cell.reference.cell ? ` in \`${cell.reference.cell}\`` : ''})\n\n${rows.join('\n')}`;
}

/** The issue's goals, each as measured, or '–' when its cells did not run. */
function goals(stats) {
  const get = (cell, target = 'switchboard') => stats.get(`${cell}|${target}`);
  const lines = [];
  /** `value` null when a figure is missing (a failed cell): neither met nor missed. */
  const goal = (name, value, target, pass) => lines.push(`| ${name} | ${value ?? '–'} | ${target} | ${value == null ? '–' : pass ? 'met' : '**missed**'} |`);
  const q0 = get('mqtt-v4-qos0');
  const mq = get('mqtt-v4-qos0', 'mosquitto');
  if (q0 && mq) {
    const perCpu = ratio(q0.perCpuSecond, mq.perCpuSecond);
    goal('MQTT QoS 0 fan-out, deliveries per server CPU-s vs Mosquitto', ratioText(perCpu), '≥ 1.25×', perCpu >= 1.25);
    const thr = ratio(q0.deliveriesPerSec, mq.deliveriesPerSec);
    goal('MQTT QoS 0 fan-out, deliveries/s vs Mosquitto', ratioText(thr), '≥ 1.00×', thr >= 1);
  }
  for (const v of [4, 5]) {
    const a = get(`mqtt-v${v}-qos1`);
    const b = get(`mqtt-v${v}-qos0`);
    if (a && b) {
      const r = ratio(a.perCpuSecond, b.perCpuSecond);
      goal(`MQTT ${v === 5 ? '5.0' : '3.1.1'} QoS 1 vs QoS 0, per server CPU-s`, ratioText(r), '≥ 0.90×', r >= 0.9);
    }
  }
  const json = get('native-json');
  for (const [id, acks] of [['native-json-reliable', 'acks every 100 ms'], ['native-json-reliable-1s', 'acks every second']]) {
    const rel = get(id);
    if (!rel || !json) continue;
    const r = ratio(rel.perCpuSecond, json.perCpuSecond);
    goal(`json.reliable (${acks}) vs json, per server CPU-s`, ratioText(r), '≥ 0.90×', r >= 0.9);
  }
  const floor = get('ws-preframed-fanout', 'ws-preframed');
  for (const id of ['native-json', 'native-raw']) {
    const s = get(id);
    if (s && floor) {
      const r = ratio(s.perCpuSecond, floor.perCpuSecond);
      goal(`${id} vs pre-framed \`ws\`, per server CPU-s`, ratioText(r), '≥ 0.95×', r >= 0.95);
    }
  }
  const lat = get('latency');
  const latRef = get('latency', 'mosquitto');
  if (lat && latRef && lat.p99 != null && latRef.p99 != null) goal('p99 latency at 10,000 deliveries/s vs Mosquitto', `${fmt(lat.p99, 2)} vs ${fmt(latRef.p99, 2)} ms`, '≤ Mosquitto', lat.p99 <= latRef.p99);
  const con = get('connect-mqtt');
  const conRef = get('connect-mqtt', 'mosquitto');
  if (con && conRef) {
    const r = ratio(con.connectsPerSec, conRef.connectsPerSec);
    goal('MQTT connect rate vs Mosquitto', ratioText(r), '≥ 2.00×', r >= 2);
  }
  for (const id of ['connect-mqtt', 'connect-native']) {
    const s = get(id);
    if (s && s.kbPerConnection != null) goal(`RSS per idle connection (\`${id}\`)`, `${fmt(s.kbPerConnection, 1)} KB`, '≤ 4 KB', s.kbPerConnection <= 4);
  }
  return lines.length ? ['| goal | measured | target | |', '|---|---|---|---|', ...lines].join('\n') : '';
}

export function markdown(cells, stats, meta) {
  const parts = [
    `Measured ${meta.date} on ${meta.machine}: servers on CPU ${meta.serverCpu}, the load generator on CPU ${meta.loadgenCpu}, each server started fresh for every run; medians of ${meta.reps} run${meta.reps === 1 ? '' : 's'}. Node ${meta.versions.node}, ${meta.versions.mosquitto}, Aedes ${meta.aedes}, ws ${meta.ws}.`,
  ];
  const goalTable = goals(stats);
  if (goalTable) parts.push('### Goals', goalTable);
  parts.push('### Cells', ...cells.map((cell) => cellTable(cell, stats)));
  return parts.join('\n\n') + '\n';
}

/** Bars of each server's ratio to its cell's reference: throughput per CPU-second, connect rate, and latency inverted so that longer is better everywhere. */
export function chartSpec(cells, stats, meta) {
  const values = [];
  for (const cell of cells) {
    const ref = referenceOf(cell, stats);
    if (!ref) continue;
    for (const target of cell.targets) {
      if (target === cell.reference.target && !cell.reference.cell) continue;
      const s = stats.get(`${cell.id}|${target}`);
      const r =
        cell.kind === 'throughput' ? ratio(s.perCpuSecond, ref.perCpuSecond) : cell.kind === 'latency' ? ratio(ref.p99, s.p99) : ratio(s.connectsPerSec, ref.connectsPerSec);
      if (r == null) continue;
      const measure = cell.kind === 'throughput' ? 'deliveries per server CPU-s' : cell.kind === 'latency' ? 'p99 latency (reference ÷ server)' : 'connects/s';
      values.push({ cell: `${cell.id} (vs ${cell.reference.target})`, target, ratio: +r.toFixed(3), measure });
      const memory = cell.kind === 'connections' ? ratio(ref.kbPerConnection, s.kbPerConnection) : null;
      if (memory != null) values.push({ cell: `${cell.id} memory (vs ${cell.reference.target})`, target, ratio: +memory.toFixed(3), measure: 'RSS per connection (reference ÷ server)' });
    }
  }
  return {
    title: { text: 'Switchboard and Aedes against the reference of each case (1 = as good; right is better)', subtitle: `${meta.date}, ${meta.machine}, medians of ${meta.reps} run(s)` },
    data: { values },
    width: 560,
    height: { step: 14 },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'cell', type: 'nominal', sort: null, title: null, axis: { labelLimit: 320 } },
          yOffset: { field: 'target' },
          // Bars grow from 1 either way: on a log scale a ratio of 0.5 is as far left as 2 is right.
          x: { field: 'ratio', type: 'quantitative', title: 'ratio to the reference (log scale)', scale: { type: 'log', domain: [0.1, 5], nice: false } },
          x2: { datum: 1 },
          color: { field: 'target', type: 'nominal', title: 'server' },
          tooltip: [{ field: 'measure' }, { field: 'ratio' }],
        },
      },
      { data: { values: [{ x: 1 }] }, mark: { type: 'rule', color: 'black', strokeDash: [4, 3] }, encoding: { x: { field: 'x', type: 'quantitative' } } },
    ],
  };
}
