import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, Role } from '@yunzhao/contracts';
import { AppException, AuthUser, IS_PUBLIC, REQUIRED_ROLES } from '@yunzhao/core';
import type { Request } from 'express';
import { AuthService } from './auth.service';

/** Every HTTP route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ])
    )
      return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const user = scheme === 'Bearer' && token ? this.auth.verifyAccessToken(token) : null;
    if (!user) throw new AppException(ErrorCode.Unauthenticated, HttpStatus.UNAUTHORIZED);
    request.user = user;
    return true;
  }
}

/** Routes marked @Roles(...) need one of those roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user || !user.roles.some((role) => required.includes(role)))
      throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
    return true;
  }
}
