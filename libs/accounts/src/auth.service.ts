import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException, AuthUser } from '@yunzhao/core';
import { sha256Hex } from '@yunzhao/domain';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AccessRevocations } from './access-revocations.service';
import { UserView } from './dto/user.dto';
import { LoginLimiter } from './login-limiter.service';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';
import { toUserView, UsersService } from './users.service';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserView;
}

/** Claims of an access token. */
export interface AccessClaims {
  sub: string;
  username: string;
  roles: AuthUser['roles'];
  typ: 'access';
  /**
   * Issue time in ms (`iat` has whole seconds): a revocation ends the tokens issued up to it.
   * Absent from tokens issued before revocations existed; their `iat` stands in.
   */
  issuedAtMs?: number;
  iat?: number;
}

/** The account's row under a share lock (FOR SHARE): held until the transaction ends. */
function lockAccount(tx: EntityManager, id: string): Promise<UserEntity | null> {
  return tx.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_read' } });
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly limiter: LoginLimiter,
    private readonly audit: AuditService,
    private readonly revocations: AccessRevocations,
  ) {}

  async login(username: string, password: string, ip: string): Promise<TokenPair> {
    const retryAfter = await this.limiter.blockedFor(username, ip);
    if (retryAfter > 0) {
      await this.audit.record({
        actor: 'anonymous',
        action: 'auth.login_blocked',
        subject: this.loginSubject(username),
        details: { ip },
      });
      throw new AppException(
        ErrorCode.TooManyAttempts,
        HttpStatus.TOO_MANY_REQUESTS,
        { retryAfterSeconds: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    }
    const user = await this.users.findByUsername(username);
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !passwordOk || user.disabled) {
      await this.limiter.recordFailure(username, ip);
      await this.audit.record({
        actor: 'anonymous',
        action: 'auth.login_failed',
        subject: user ? `user:${user.id}` : this.loginSubject(username),
        details: {
          ip,
          reason: !user ? 'unknown_user' : user.disabled ? 'disabled' : 'wrong_password',
        },
      });
      throw new AppException(ErrorCode.InvalidCredentials, HttpStatus.UNAUTHORIZED);
    }
    await this.limiter.reset(username, ip);
    return this.dataSource.transaction(async (tx) => {
      // Checked again under a share lock on the account: an administrator's change committed
      // while the password was being verified is seen here, and one that comes later waits
      // for these tokens and revokes them (see UsersService).
      const current = await lockAccount(tx, user.id);
      if (!current || current.disabled || current.passwordHash !== user.passwordHash)
        throw new AppException(ErrorCode.InvalidCredentials, HttpStatus.UNAUTHORIZED);
      await this.audit.record(
        {
          actor: `user:${user.id}`,
          action: 'auth.login',
          subject: `user:${user.id}`,
          details: { ip },
        },
        tx,
      );
      return this.issueTokens(current, tx.getRepository(RefreshTokenEntity));
    });
  }

  /** Rotates a refresh token. A token that was already used revokes every session of its user. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const [id, secret] = refreshToken.split('.');
    const invalid = () => new AppException(ErrorCode.InvalidRefreshToken, HttpStatus.UNAUTHORIZED);
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) throw invalid();
    const outcome = await this.dataSource.transaction(async (tx) => {
      const owner = await tx.findOne(RefreshTokenEntity, { where: { id }, select: ['userId'] });
      if (!owner) return 'invalid' as const;
      // The account first, then the token: the order an administrator's change takes them in,
      // so the two wait for each other instead of deadlocking, and a refresh never hands out
      // a token from the account's state before a change that commits meanwhile.
      const user = await lockAccount(tx, owner.userId);
      const stored = await tx.findOne(RefreshTokenEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!stored || stored.tokenHash !== sha256Hex(secret)) return 'invalid' as const;
      if (stored.revokedAt) {
        // A rotated token came back: someone else holds a copy. End every session of this user.
        await tx.update(
          RefreshTokenEntity,
          { userId: stored.userId, revokedAt: IsNull() },
          { revokedAt: new Date() },
        );
        await this.audit.record(
          {
            actor: 'anonymous',
            action: 'auth.refresh_reuse',
            subject: `user:${stored.userId}`,
            details: { tokenId: id },
          },
          tx,
        );
        return 'invalid' as const;
      }
      if (stored.expiresAt.getTime() < Date.now() || !user || user.disabled)
        return 'invalid' as const;
      stored.revokedAt = new Date();
      await tx.save(stored);
      return this.issueTokens(user, tx.getRepository(RefreshTokenEntity));
    });
    if (outcome === 'invalid') throw invalid();
    return outcome;
  }

  async logout(refreshToken: string, user: AuthUser): Promise<void> {
    const [id] = refreshToken.split('.');
    if (id && /^[0-9a-f-]{36}$/.test(id)) {
      await this.dataSource
        .getRepository(RefreshTokenEntity)
        .update({ id, userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    }
    await this.audit.record({
      actor: `user:${user.id}`,
      action: 'auth.logout',
      subject: `user:${user.id}`,
    });
  }

  verifyAccessToken(token: string): AuthUser | null {
    try {
      const claims = this.jwt.verify<AccessClaims>(token);
      if (claims.typ !== 'access') return null;
      if (this.revocations.isRevoked(claims.sub, claims.issuedAtMs ?? (claims.iat ?? 0) * 1000))
        return null;
      return { id: claims.sub, username: claims.username, roles: claims.roles };
    } catch {
      return null;
    }
  }

  private async issueTokens(
    user: UserEntity,
    tokens = this.dataSource.getRepository(RefreshTokenEntity),
  ): Promise<TokenPair> {
    const { accessTtlSeconds, refreshTtlSeconds } = this.config.auth;
    const claims: AccessClaims = {
      sub: user.id,
      username: user.username,
      roles: user.roles,
      typ: 'access',
      issuedAtMs: Date.now(),
    };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: accessTtlSeconds });
    const secret = randomBytes(32).toString('base64url');
    const stored = await tokens.save(
      tokens.create({
        userId: user.id,
        tokenHash: sha256Hex(secret),
        expiresAt: new Date(Date.now() + refreshTtlSeconds * 1000),
        revokedAt: null,
      }),
    );
    return {
      accessToken,
      refreshToken: `${stored.id}.${secret}`,
      expiresIn: accessTtlSeconds,
      user: toUserView(user),
    };
  }

  /** Names an unknown login name in the audit log without storing it in clear. */
  private loginSubject(username: string): string {
    return `login:${sha256Hex(username.toLowerCase()).slice(0, 16)}`;
  }
}
