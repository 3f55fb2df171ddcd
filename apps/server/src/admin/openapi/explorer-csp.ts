import { createHash } from 'node:crypto';
import type express from 'express';

/**
 * swagger-ui's page carries two inline `<style>` blocks and a `style` attribute on its SVG
 * sprite. Rather than open the admin API's CSP to inline styles, the page's own answer gets the
 * same policy plus exactly those styles, by hash (attributes need CSP3's 'unsafe-hashes', which
 * still allows only the hashed text). Scripts stay 'self': swagger-ui-init.js is a file.
 */
export function allowPageInlineStylesByHash(http: express.Express, pagePaths: string[]): void {
  http.get(pagePaths, (_request, response, next) => {
    const send = response.send.bind(response);
    response.send = ((body: unknown) => {
      const policy = response.getHeader('Content-Security-Policy');
      if (typeof body === 'string' && typeof policy === 'string') response.setHeader('Content-Security-Policy', withInlineStylesOf(policy, body));
      return send(body);
    }) as typeof response.send;
    next();
  });
}

export function withInlineStylesOf(policy: string, html: string): string {
  const elements = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((match) => hashSource(match[1]));
  const attributes = [...html.matchAll(/\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((match) => hashSource(match[1] ?? match[2]));
  const directives = policy.split(';').map((directive) => directive.trim()).filter(Boolean);
  const styleAt = directives.findIndex((directive) => /^style-src\s/i.test(directive));
  if (elements.length) {
    if (styleAt < 0) directives.push(`style-src 'self' ${elements.join(' ')}`);
    else directives[styleAt] = `${directives[styleAt]} ${elements.join(' ')}`;
  }
  if (attributes.length) directives.push(`style-src-attr 'unsafe-hashes' ${unique(attributes).join(' ')}`);
  return directives.join(';');
}

/** A CSP hash source of inline content (CSP Level 3 §2.3.1, "hash-source"). */
function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
