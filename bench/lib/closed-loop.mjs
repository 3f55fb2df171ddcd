/**
 * The closed loop of the fan-out benches: message k is published only once every one of the
 * `subscribers` deliveries of message k-window has arrived. Call `delivered(k)` for each
 * delivery; the promise settles when all messages are fully delivered, or fails after 10 s
 * without progress.
 */
export function closedLoop({ messages, window, subscribers, publish }) {
  const arrived = new Uint32Array(messages);
  let next = 0;
  let completed = 0;
  let lastProgress = performance.now();
  let finish;
  const done = new Promise((resolve, reject) => {
    const stall = setInterval(() => {
      if (performance.now() - lastProgress > 10_000) {
        clearInterval(stall);
        reject(new Error(`stalled with ${completed} of ${messages} messages fully delivered`));
      }
    }, 1000);
    finish = () => {
      clearInterval(stall);
      resolve();
    };
  });
  const pump = () => {
    while (next < messages && (next < window || arrived[next - window] >= subscribers)) publish(next++);
  };
  return {
    start: pump,
    done,
    delivered(k) {
      arrived[k]++;
      lastProgress = performance.now();
      while (completed < messages && arrived[completed] >= subscribers) completed++;
      if (completed === messages) finish();
      else pump();
    },
  };
}

/** Median of each target's runs as a markdown table, with the ratio to `baseline`'s median. */
export function ratioTable(title, results, targets, baseline, median) {
  // Per server CPU-second as well: on 2 cores the load generator saturates its core before the fastest servers do.
  const perCpu = (r) => (r.serverCpuCores > 0 ? r.deliveriesPerSecond / r.serverCpuCores : 0);
  const baseRuns = results.filter((r) => r.target === baseline);
  const base = median(baseRuns.map((r) => r.deliveriesPerSecond));
  const baseCpu = median(baseRuns.map(perCpu));
  const lines = [
    `| ${title} | deliveries/s (median) | × ${baseline} | deliveries per server CPU-s | × ${baseline} | server / loadgen CPU |`,
    '|---|---|---|---|---|---|',
  ];
  for (const target of targets) {
    const runs = results.filter((r) => r.target === target);
    const dps = median(runs.map((r) => r.deliveriesPerSecond));
    const cpu = median(runs.map(perCpu));
    lines.push(
      `| ${target} | ${dps.toLocaleString('en-US')} | ${base ? (dps / base).toFixed(2) : '-'} | ${Math.round(cpu).toLocaleString('en-US')} | ${baseCpu ? (cpu / baseCpu).toFixed(2) : '-'} | ${median(runs.map((r) => r.serverCpuCores))} / ${median(runs.map((r) => r.loadgenCpuCores))} |`,
    );
  }
  return lines.join('\n');
}
