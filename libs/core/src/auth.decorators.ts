import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@yunzhao/contracts';

/** Who is calling, as proven by their access token. */
export interface AuthUser {
  id: string;
  username: string;
  roles: Role[];
}

export const IS_PUBLIC = 'yunzhao:isPublic';
export const REQUIRED_ROLES = 'yunzhao:roles';

/** The route needs no login. Every other route does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller must hold at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser => {
    return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
  },
);

/** How an audit entry names a user: stable and free of personal data. */
export const actorOf = (user: Pick<AuthUser, 'id'> | undefined): string =>
  user ? `user:${user.id}` : 'anonymous';
