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
  const base = median(results.filter((r) => r.target === baseline).map((r) => r.deliveriesPerSecond));
  const lines = [`| ${title} | deliveries/s (median) | × ${baseline} | server / loadgen CPU |`, '|---|---|---|---|'];
  for (const target of targets) {
    const runs = results.filter((r) => r.target === target);
    const dps = median(runs.map((r) => r.deliveriesPerSecond));
    lines.push(`| ${target} | ${dps.toLocaleString('en-US')} | ${base ? (dps / base).toFixed(2) : '-'} | ${median(runs.map((r) => r.serverCpuCores))} / ${median(runs.map((r) => r.loadgenCpuCores))} |`);
  }
  return lines.join('\n');
}
