import type { TestServer } from './server';

/**
 * The server's event-loop delay since the last scrape, from its own /metrics (prom-client resets
 * the histogram on each collect): scrape once to start a window, again to read it.
 */
export async function loopDelaySeconds(server: TestServer): Promise<{ max: number; p99: number }> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^switchboard_nodejs_eventloop_lag_${name}_seconds (\\S+)`, 'm').exec(text)![1]);
  return { max: read('max'), p99: read('p99') };
}
