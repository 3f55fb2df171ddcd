import { applyDecorators, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { HUB_NAME_PATTERN } from '@switchboard/protocol';
import { PUBLIC_ROUTE } from '../admin-actor';
import { SAFE_METHODS } from '../admin-auth.guard';
import { ApiErrors } from './error-responses';
import { ACCESS_TOKEN_SCHEME, CSRF_SCHEME, SESSION_SCHEME } from './security-schemes';

/**
 * Tags a management controller and documents, route by route, the credentials AdminAuthGuard
 * really asks for: none on public routes; the session cookie or an access token on reads; the
 * cookie with its CSRF token, or an access token, on anything else. Derived from the same
 * SAFE_METHODS and PUBLIC_ROUTE the guard reads, so the document cannot drift from it.
 * A `:hub` in the path gets Azure's hub name rule. Applied last (above @Controller), when the
 * route decorators have run.
 */
export function ApiAdmin(tag: string): ClassDecorator {
  return (controller) => {
    ApiTags(tag)(controller);
    const prototype = controller.prototype as object;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
      const method: RequestMethod | undefined = typeof descriptor.value === 'function' ? Reflect.getMetadata(METHOD_METADATA, descriptor.value) : undefined;
      if (method === undefined || name === 'constructor') continue;
      if (!Reflect.getMetadata(PUBLIC_ROUTE, descriptor.value)) routeCredentials(SAFE_METHODS.has(RequestMethod[method]))(prototype, name, descriptor);
      const path = `${Reflect.getMetadata(PATH_METADATA, controller)}/${Reflect.getMetadata(PATH_METADATA, descriptor.value)}`;
      if (/(^|\/):hub(\/|$)/.test(path)) hubParam(prototype, name, descriptor);
    }
  };
}

function routeCredentials(safe: boolean): MethodDecorator {
  const unauthorized = 'No credentials, an ended or unknown session, or an access token that is malformed, expired, or signed for another URL.';
  if (safe) {
    return applyDecorators(ApiSecurity(SESSION_SCHEME), ApiSecurity(ACCESS_TOKEN_SCHEME), ApiErrors({ 401: unauthorized }));
  }
  return applyDecorators(
    ApiSecurity({ [SESSION_SCHEME]: [], [CSRF_SCHEME]: [] }),
    ApiSecurity(ACCESS_TOKEN_SCHEME),
    ApiErrors({ 401: unauthorized, 403: 'The session cookie came without its CSRF token in `x-csrf-token`, or with a wrong one.' }),
  );
}

const hubParam = ApiParam({
  name: 'hub',
  description: 'Hub name, compared case-insensitively: a letter, then at most 127 letters, digits or `` _ ` , . [ ] ``.',
  schema: { type: 'string', pattern: HUB_NAME_PATTERN.source },
});
