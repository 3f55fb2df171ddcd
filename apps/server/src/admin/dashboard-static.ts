import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import express from 'express';

/** Where `vite build` put the dashboard, found from this file in the source or the build. */
export function dashboardDir(): string | null {
  const candidates = [process.env.DASHBOARD_DIR, resolve(__dirname, '../../../dashboard/dist')];
  return candidates.find((dir): dir is string => !!dir && existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the dashboard at /dashboard with a fallback to index.html for its client-side routes,
 * so `npm start` gives the admin pages with nothing else running.
 */
export function serveDashboard(app: INestApplication, dir: string | null): void {
  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.get('/', (_request, response) => response.redirect(302, '/dashboard/'));
  if (!dir) {
    http.use('/dashboard', (_request, response) => {
      response.status(404).type('text/plain').send('The dashboard is not built: run `npm run build`.');
    });
    return;
  }
  http.use('/dashboard', express.static(dir, { index: 'index.html', fallthrough: true, maxAge: '1h' }));
  http.get(/^\/dashboard(\/.*)?$/, (_request, response) => {
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(join(dir, 'index.html'));
  });
}
