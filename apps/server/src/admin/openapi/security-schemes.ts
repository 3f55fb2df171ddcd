import type { DocumentBuilder } from '@nestjs/swagger';
import { CSRF_HEADER, SESSION_COOKIE } from '@switchboard/protocol';

export const SESSION_SCHEME = 'session';
export const CSRF_SCHEME = 'csrf';
export const ACCESS_TOKEN_SCHEME = 'accessToken';

/** The two ways in that AdminAuthGuard accepts, as OpenAPI security schemes. */
export function addAdminSecuritySchemes(builder: DocumentBuilder): DocumentBuilder {
  return builder
    .addSecurity(SESSION_SCHEME, {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description: 'The dashboard\'s session: `POST /admin/api/login` sets this HttpOnly, SameSite=Strict cookie (12 hours).',
    })
    .addSecurity(CSRF_SCHEME, {
      type: 'apiKey',
      in: 'header',
      name: CSRF_HEADER,
      description: 'Goes with the session cookie on every call that is not GET: the `csrfToken` that login and `GET /admin/api/session` answer.',
    })
    .addSecurity(ACCESS_TOKEN_SCHEME, {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'How backend services call it, as with Azure: a JWT signed HS256 with the primary or secondary access key, ' +
        'with `exp`, and with `aud` the URL of the request (its path is compared, e.g. `https://host/admin/api/hubs`). No CSRF token needed.',
    });
}
