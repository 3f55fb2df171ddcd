import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import type { Browser, Page } from 'playwright-core';
import { adminCall, login, type AdminSession } from '../harness/admin-session';
import { describeInBrowser, launchChromium, screenshot } from '../harness/browser';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';

const DOCUMENT_PATH = '/admin/api/openapi.json';
const EXPLORER_PATH = '/admin/api/docs';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Operation {
  method: string;
  path: string;
  operation: OpenAPIV3.OperationObject;
}

function operationsOf(spec: OpenAPIV3.Document): Operation[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item?.[method]).map((method) => ({ method: method.toUpperCase(), path, operation: item![method]! })),
  );
}

/** A concrete URL for a documented path: a valid hub name, and a plain word for the other parameters. */
function concrete(path: string): string {
  return path.replace('{hub}', 'openapi').replace(/\{\w+\}/g, 'nobody');
}

/**
 * What an answer holds against its (dereferenced) schema: every required property there, no
 * property the schema does not name, the same for nested objects and array items.
 */
function shapeProblems(value: unknown, schema: OpenAPIV3.SchemaObject, at = '$'): string[] {
  if (value === null) return schema.nullable ? [] : [`${at} is null`];
  const merged: OpenAPIV3.SchemaObject = schema.allOf ? Object.assign({}, ...(schema.allOf as OpenAPIV3.SchemaObject[]), { ...schema, allOf: undefined }) : schema;
  if (merged.type === 'array') {
    if (!Array.isArray(value)) return [`${at} is not an array`];
    return value.flatMap((item, i) => shapeProblems(item, merged.items as OpenAPIV3.SchemaObject, `${at}[${i}]`));
  }
  if (merged.type !== 'object' && !merged.properties) return typeof value === 'object' ? [`${at} is an object`] : [];
  if (typeof value !== 'object' || Array.isArray(value)) return [`${at} is not an object`];
  const record = value as Record<string, unknown>;
  const properties = (merged.properties ?? {}) as Record<string, OpenAPIV3.SchemaObject>;
  const problems = (merged.required ?? []).filter((key) => !(key in record)).map((key) => `${at}.${key} is missing`);
  for (const [key, item] of Object.entries(record)) {
    if (properties[key]) problems.push(...shapeProblems(item, properties[key], `${at}.${key}`));
    else if (!merged.additionalProperties) problems.push(`${at}.${key} is not documented`);
  }
  return problems;
}

describe('OpenAPI document of the admin API', () => {
  let server: TestServer;
  let spec: OpenAPIV3.Document;
  let admin: AdminSession;

  beforeAll(async () => {
    // Debug logging: Nest then reports each route it maps, which the document is checked against.
    server = await TestServer.start({ env: { LOG_LEVEL: 'debug' } });
    const response = await fetch(`${server.baseUrl}${DOCUMENT_PATH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    spec = (await response.json()) as OpenAPIV3.Document;
    admin = await login(server);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('is a valid OpenAPI 3 document, without a login', async () => {
    expect(spec.openapi).toMatch(/^3\.0\.\d+$/);
    await expect(SwaggerParser.validate(structuredClone(spec) as never)).resolves.toBeDefined();

    // The validator does refuse what is wrong: an operation without responses, a dangling $ref.
    const broken = structuredClone(spec);
    delete (broken.paths['/admin/api/hubs']!.get as Partial<OpenAPIV3.OperationObject>).responses;
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
    const dangling = structuredClone(spec);
    dangling.components!.schemas!.HubListDto = { $ref: '#/components/schemas/Nothing' };
    await expect(SwaggerParser.validate(dangling as never)).rejects.toThrow();
  });

  it('describes every admin route that Nest maps, and nothing else', () => {
    // The text of Nest's RouterExplorer message, whatever framing the logger puts around it.
    const mapped = [...server.logs.matchAll(/Mapped \{(\/admin\/api[^,]*), (\w+)\} route/g)]
      .map(([, path, method]) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((route) => !route.includes(DOCUMENT_PATH) && !route.includes(EXPLORER_PATH));
    expect(mapped.length).toBeGreaterThanOrEqual(20);
    const documented = operationsOf(spec).map(({ method, path }) => `${method} ${path}`);
    expect([...new Set(documented)].sort()).toEqual([...new Set(mapped)].sort());
    expect(Object.keys(spec.paths).every((path) => path.startsWith('/admin/api/'))).toBe(true);
  });

  it('gives each operation a tag, a summary, an id and its responses', () => {
    for (const { method, path, operation } of operationsOf(spec)) {
      const where = `${method} ${path}`;
      expect([where, operation.tags?.length]).toEqual([where, 1]);
      expect([where, typeof operation.summary]).toEqual([where, 'string']);
      expect([where, operation.operationId]).toEqual([where, expect.any(String)]);
      expect([where, Object.keys(operation.responses).some((status) => /^2\d\d$/.test(status))]).toEqual([where, true]);
    }
    const ids = operationsOf(spec).map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names the credentials the guard asks for: none to log in, the CSRF token with the cookie on changes', async () => {
    expect(Object.keys(spec.components!.securitySchemes!).sort()).toEqual(['accessToken', 'csrf', 'session']);
    for (const { method, path, operation } of operationsOf(spec)) {
      const where = `${method} ${path}`;
      if (path === '/admin/api/login' || path === '/admin/api/logout') {
        expect([where, operation.security]).toEqual([where, undefined]);
        continue;
      }
      const withCookie = method === 'GET' ? { session: [] } : { session: [], csrf: [] };
      expect([where, operation.security]).toEqual([where, [withCookie, { accessToken: [] }]]);
      // As written: without credentials the route answers its documented 401.
      expect([where, Object.keys(operation.responses)]).toEqual([where, expect.arrayContaining(['401'])]);
      const answer = await adminCall(server, null, method, concrete(path), { body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect([where, answer.status, answer.body.error.code]).toEqual([where, 401, 'Unauthorized']);
      if (method !== 'GET') {
        const noCsrf = await adminCall(server, admin, method, concrete(path), { body: {}, csrf: false });
        expect([where, noCsrf.status, Object.keys(operation.responses)]).toEqual([where, 403, expect.arrayContaining(['403'])]);
      }
    }
  });

  it('documents the 429 of a throttled login with its Retry-After, as the server answers it', async () => {
    const login429 = spec.paths['/admin/api/login']!.post!.responses['429'] as OpenAPIV3.ResponseObject;
    expect(Object.keys(login429.headers ?? {})).toEqual(['Retry-After']);
    // More logins at once from one address than the throttle admits: the extra ones are refused at once.
    const answers = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const response = await fetch(`${server.baseUrl}/admin/api/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: `guess${i}`, password: 'wrong' }),
        });
        return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
      }),
    );
    const refused = answers.filter(({ status }) => status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const { retryAfter, body } of refused) {
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(body.error.code).toBe('TooManyRequests');
    }
  });

  it('describes the answers the server really gives, with a session and with an access token', async () => {
    const dereferenced = (await SwaggerParser.dereference(structuredClone(spec) as never)) as OpenAPIV3.Document;
    await adminCall(server, admin, 'PUT', '/admin/api/hubs/openapi', {
      body: { properties: { eventHandlers: [{ urlTemplate: 'http://127.0.0.1:9/{event}', systemEvents: ['connected'] }], mqtt: { retainedMessages: true } } },
    });
    const reads = operationsOf(dereferenced).filter(({ method, path }) => method === 'GET' && !/\{(connectionId|group)\}/.test(path));
    expect(reads.length).toBeGreaterThanOrEqual(9);
    for (const { path, operation } of reads) {
      const schema = ((operation.responses['200'] as OpenAPIV3.ResponseObject).content!['application/json'].schema) as OpenAPIV3.SchemaObject;
      const bySession = await adminCall(server, admin, 'GET', concrete(path));
      expect([path, bySession.status, shapeProblems(bySession.body, schema)]).toEqual([path, 200, []]);
      if (path === '/admin/api/session') continue; // a session only: documented 403 for a token
      const byToken = await call(server, 'GET', concrete(path));
      expect([path, byToken.status, shapeProblems(byToken.body, schema)]).toEqual([path, 200, []]);
    }
    // The check itself tells a wrong answer from a right one.
    const hubList = (dereferenced.paths['/admin/api/hubs']!.get!.responses['200'] as OpenAPIV3.ResponseObject).content!['application/json'].schema as OpenAPIV3.SchemaObject;
    expect(shapeProblems({ value: [{ name: 'x', stored: true, extra: 1 }] }, hubList)).toEqual(['$.value[0].properties is missing', '$.value[0].extra is not documented']);
  });

  describeInBrowser('API explorer at /admin/api/docs', () => {
    let browser: Browser;
    let page: Page;
    const consoleErrors: string[] = [];
    const violations: string[] = [];

    beforeAll(async () => {
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));
      await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
        });
      });
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('answers an HTML page whose scripts and styles load from this server', async () => {
      for (const path of [EXPLORER_PATH, `${EXPLORER_PATH}/`]) {
        const response = await fetch(`${server.baseUrl}${path}`);
        expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 200, expect.stringMatching(/^text\/html/)]);
        const html = await response.text();
        const assets = [...html.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map(([, url]) => new URL(url, `${server.baseUrl}${path}`));
        expect(assets.map((url) => url.pathname.split('/').pop())).toEqual(expect.arrayContaining(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-init.js']));
        for (const url of assets) {
          expect([url.href, url.origin]).toEqual([url.href, server.baseUrl]);
          const asset = await fetch(url);
          await asset.arrayBuffer();
          expect([url.pathname, asset.status]).toEqual([url.pathname, 200]);
        }
      }
    });

    it('keeps scripts to this origin, and the rest of the admin API and the dashboard without inline styles', async () => {
      const explorer = (await fetch(`${server.baseUrl}${EXPLORER_PATH}`)).headers.get('content-security-policy')!;
      expect(explorer).toContain("script-src 'self';");
      expect(explorer).not.toContain('unsafe-inline');
      expect(explorer).toMatch(/style-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
      for (const path of [DOCUMENT_PATH, '/admin/api/hubs', '/dashboard/']) {
        const policy = (await fetch(`${server.baseUrl}${path}`)).headers.get('content-security-policy');
        expect([path, policy]).toEqual([path, expect.stringContaining("style-src 'self';")]);
        expect([path, policy]).toEqual([path, expect.not.stringMatching(/sha256|unsafe/)]);
      }
    });

    it('renders every admin operation in the browser with no CSP violation', async () => {
      await page.goto(`${server.baseUrl}${EXPLORER_PATH}`);
      await page.locator('.opblock').first().waitFor();
      expect(await page.locator('.opblock').count()).toBe(operationsOf(spec).length);
      await expect(page.locator('.info .title').textContent()).resolves.toContain('Switchboard management API');
      await page.getByText('Log in: opens a session and sets its cookie').waitFor();
      await page.getByText("Create or replace a hub's settings").waitFor();
      // The page's own styles applied: the SVG sprite is hidden, not laid out as a 300x150 box.
      const sprite = await page.locator('body > svg').first().boundingBox();
      expect(sprite?.width ?? 0).toBe(0);
      await screenshot(page, 'openapi-explorer');
      expect(violations).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    it('calls the API from the page: "Try it out" reaches the server and shows its 401', async () => {
      const operation = page.locator('#operations-hubs-Hubs_list');
      await operation.locator('.opblock-summary').click();
      await operation.getByRole('button', { name: 'Try it out' }).click();
      await operation.getByRole('button', { name: 'Execute' }).click();
      const status = operation.locator('.live-responses-table tbody .response-col_status');
      await status.waitFor();
      await expect(status.textContent()).resolves.toContain('401');
      await expect(operation.locator('.live-responses-table tbody .response-col_description').textContent()).resolves.toContain('Unauthorized');
      expect(violations).toEqual([]);
    });
  });
});
