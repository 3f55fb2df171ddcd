#!/usr/bin/env node
// The Connections page with many idle connections, in the real browser (Debian's Chromium):
// time to first contentful paint and until every row has arrived over the push channel, and the
// latency of one filter keystroke (keydown until the row count on screen changes).
//
//   node bench/dashboard-connections.mjs [--connections 10000] [--reps 3]
//
// The server runs on CPU 0 (startSwitchboard); the idle clients live in this process.
import { chromium } from 'playwright-core';
import { openMany } from './lib/clients.mjs';
import { arg, median, startSwitchboard, token } from './lib/processes.mjs';

const CONNECTIONS = Number(arg('connections', 10_000));
const REPS = Number(arg('reps', 3));
const HUB = 'bench';
// Each key narrows the match (ids, users and groups hold digits), so the count changes every time.
const KEYS = '9999';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const server = await startSwitchboard();
const base = `http://127.0.0.1:${server.port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
let sockets = [];
try {
  const opened = Date.now();
  sockets = await openMany(
    CONNECTIONS,
    (i) => `ws://127.0.0.1:${server.port}/client/hubs/${HUB}?access_token=${token(`${base}/client/hubs/${HUB}`, { sub: `user${i}`, 'webpubsub.group': [`group${i % 100}`] })}`,
    'json.webpubsub.azure.v1',
    200,
  );
  console.error(`${CONNECTIONS} idle connections open in ${Date.now() - opened} ms`);

  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(`${base}/dashboard/login`);
  await page.getByLabel('Password').fill('bench-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();

  const runs = [];
  for (let rep = 0; rep < REPS; rep++) {
    await page.goto('about:blank');
    const started = Date.now();
    await page.goto(`${base}/dashboard/connections`);
    const fcp = await page.evaluate(
      () =>
        new Promise((done) => {
          const entry = performance.getEntriesByName('first-contentful-paint')[0];
          if (entry) return done(entry.startTime);
          new PerformanceObserver((list) => done(list.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
        }),
    );
    await page.locator('.count', { hasText: `${CONNECTIONS} connections` }).waitFor({ timeout: 60_000 });
    const allRows = Date.now() - started;

    // One keystroke at a time: keydown → the count on screen changes (filter + sort + render).
    const filter = page.getByLabel('Filter connections');
    await filter.click();
    const keystrokes = [];
    for (const key of KEYS) {
      const before = await page.locator('.count').innerText();
      await page.evaluate(() => {
        window.__keydownAt = undefined;
        window.__changedAt = undefined;
        const input = document.querySelector('.filter');
        input.addEventListener('keydown', () => (window.__keydownAt = performance.now()), { once: true });
        const count = document.querySelector('.count');
        const observer = new MutationObserver(() => {
          window.__changedAt = performance.now();
          observer.disconnect();
        });
        observer.observe(count, { childList: true, characterData: true, subtree: true });
      });
      await page.keyboard.press(key);
      await page.waitForFunction((text) => document.querySelector('.count').textContent !== text, before);
      keystrokes.push(await page.evaluate(() => window.__changedAt - window.__keydownAt));
    }
    const shown = await page.locator('.count').innerText();
    runs.push({ fcpMs: Math.round(fcp), allRowsMs: allRows, keystrokeMs: keystrokes.map((ms) => Math.round(ms)), shown });
    console.log(JSON.stringify({ bench: 'dashboard-connections', connections: CONNECTIONS, rep, ...runs.at(-1) }));
  }

  const keys = runs.flatMap((run) => run.keystrokeMs);
  console.log(`\n| ${CONNECTIONS} idle connections | median | max |\n| --- | --- | --- |`);
  console.log(`| first contentful paint (ms) | ${median(runs.map((r) => r.fcpMs))} | ${Math.max(...runs.map((r) => r.fcpMs))} |`);
  console.log(`| navigation → all rows in the table (ms) | ${median(runs.map((r) => r.allRowsMs))} | ${Math.max(...runs.map((r) => r.allRowsMs))} |`);
  console.log(`| filter keystroke → count updated (ms) | ${median(keys)} | ${Math.max(...keys)} |`);
} finally {
  for (const socket of sockets) socket.terminate();
  await browser.close();
  await server.stop();
}
