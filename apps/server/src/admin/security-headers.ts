import type { INestApplication } from '@nestjs/common';
import type express from 'express';
import helmet from 'helmet';

/**
 * Browser protections for the dashboard and the admin API (helmet): a Content Security Policy
 * that allows this origin only (its own scripts, styles and WebSocket), no framing by any other
 * page (clickjacking), no MIME sniffing, and no Referer leaving the site. Not on the data-plane
 * endpoints, which no browser renders.
 */
export function protectAdminPages(app: INestApplication): void {
  const http = app.getHttpAdapter().getInstance() as express.Express;
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // The dashboard is served over plain http on a laptop too: HSTS only where TLS is configured.
    strictTransportSecurity: false,
  });
  http.use('/dashboard', headers);
  http.use('/admin/api', headers);
}
