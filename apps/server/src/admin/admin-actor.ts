import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { KeyType } from '@switchboard/protocol';

/** Who is calling the management API: a logged-in admin or a backend holding an access key. */
export type AdminActor =
  | { kind: 'admin'; userId: string; username: string; sessionToken: string }
  | { kind: 'key'; keyType: KeyType };

export type RequestWithActor = Request & { actor?: AdminActor };

export function actorName(actor: AdminActor): string {
  return actor.kind === 'admin' ? `admin:${actor.username}` : `key:${actor.keyType}`;
}

export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): AdminActor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('route has no AdminAuthGuard');
  return actor;
});

export const PUBLIC_ROUTE = 'switchboard:public-route';
/** Marks a management route that needs no credentials (login). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
