import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode, Role } from '@yunzhao/contracts';
import { actorOf, AppException } from '@yunzhao/core';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AccessRevocations } from './access-revocations.service';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserView } from './dto/user.dto';
import { lockoutRefusal } from './lockout';
import { LoginLimiter } from './login-limiter.service';
import { hashPassword } from './password';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';
import { isUniqueViolation, refuseOnViolation } from '@yunzhao/db';

/**
 * Revokes every refresh token of the account. Call it holding the account's row lock: a login or
 * refresh in flight holds a share lock on that row, so by now it has committed its token.
 */
async function revokeRefreshTokens(tx: EntityManager, userId: string): Promise<number> {
  const revoked = await tx.update(
    RefreshTokenEntity,
    { userId, revokedAt: IsNull() },
    { revokedAt: new Date() },
  );
  return revoked.affected ?? 0;
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

/** Serialises changes that could take away the last admin (two at once could each see another). */
const ADMIN_CHANGES_LOCK = 'users:admin-changes';

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly revocations: AccessRevocations,
    private readonly limiter: LoginLimiter,
  ) {}

  private readonly logger = new Logger(UsersService.name);

  private get users() {
    return this.dataSource.getRepository(UserEntity);
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username: username.toLowerCase() });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** A page of accounts, oldest first, optionally only those matching `q` and holding `role`. */
  async list(query: Pick<ListUsersQuery, 'limit' | 'offset' | 'q' | 'role'>): Promise<UserView[]> {
    const builder = this.users
      .createQueryBuilder('u')
      .orderBy('u.createdAt', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(query.limit)
      .offset(query.offset);
    const q = query.q?.trim();
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      builder.andWhere('(u.username ILIKE :like OR u.display_name ILIKE :like)', { like });
    }
    if (query.role) builder.andWhere(':role = ANY(u.roles)', { role: query.role });
    return (await builder.getMany()).map(toUserView);
  }

  /** Creates a user; `actor` is who did it, for the audit log. */
  async create(input: CreateUserDto, actor: string): Promise<UserView> {
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (tx) => {
      const saved = await refuseOnViolation(
        () =>
          tx.save(
            tx.create(UserEntity, {
              username: input.username.toLowerCase(),
              displayName: input.displayName,
              passwordHash,
              roles: input.roles,
            }),
          ),
        isUniqueViolation,
        () => new AppException(ErrorCode.UsernameTaken, HttpStatus.CONFLICT),
      );
      await this.audit.record(
        {
          actor,
          action: 'user.create',
          subject: `user:${saved.id}`,
          details: { roles: saved.roles },
        },
        tx,
      );
      return toUserView(saved);
    });
  }

  /**
   * Changes roles, display name or the disabled flag. Refuses (409) a change that would lock the
   * administrators out: disabling one's own account, or leaving no enabled admin.
   */
  async update(id: string, input: UpdateUserDto, actor: string): Promise<UserView> {
    const { view, revokedAt } = await this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ADMIN_CHANGES_LOCK]);
      const user = await tx.findOne(UserEntity, {
        where: { id },
        // FOR NO KEY UPDATE: a login or refresh of this account in flight (FOR SHARE) finishes
        // first and later ones wait; rows that merely reference the user are not held up.
        lock: { mode: 'for_no_key_update' },
      });
      if (!user) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
      const before = { roles: user.roles, disabled: user.disabled };
      const after = { roles: input.roles ?? user.roles, disabled: input.disabled ?? user.disabled };
      const displayNameChanged =
        input.displayName !== undefined && input.displayName !== user.displayName;
      const refusal = lockoutRefusal({
        self: actor === actorOf({ id }),
        before,
        after,
        otherEnabledAdmins: await this.countOtherEnabledAdmins(tx, id),
      });
      if (refusal) throw new AppException(refusal, HttpStatus.CONFLICT);
      const disabling = after.disabled && !before.disabled;
      // Tokens carry the roles they were issued with: after a change they must be reissued.
      const revokedAt = disabling || !sameRoles(before.roles, after.roles) ? new Date() : null;
      Object.assign(user, after);
      if (input.displayName !== undefined) user.displayName = input.displayName;
      if (revokedAt) user.tokensRevokedAt = revokedAt;
      const saved = await tx.save(user);
      // A disabled account's sessions end for good: re-enabling it does not bring them back.
      const refreshTokensRevoked = disabling ? await revokeRefreshTokens(tx, id) : 0;
      await this.audit.record(
        {
          actor,
          action: 'user.update',
          subject: `user:${id}`,
          // Whether the name changed, not the name: the append-only log names people by id only.
          details: {
            before,
            after: { roles: saved.roles, disabled: saved.disabled },
            displayNameChanged,
            accessTokensRevoked: revokedAt !== null,
            refreshTokensRevoked,
          },
        },
        tx,
      );
      return { view: toUserView(saved), revokedAt };
    });
    if (revokedAt) this.revocations.note(id, revokedAt);
    return view;
  }

  /**
   * An administrator sets a new password for an account. Every token of the account is revoked
   * in the same transaction, so sessions signed in with the old password end at once, and the
   * account's login lock-out is lifted. The audit entry never holds the password.
   */
  async setPassword(id: string, password: string, actor: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    const revokedAt = new Date();
    const username = await this.dataSource.transaction(async (tx) => {
      const user = await tx.findOne(UserEntity, {
        where: { id },
        // FOR NO KEY UPDATE: a login or refresh of this account in flight (FOR SHARE) finishes
        // first and later ones wait; rows that merely reference the user are not held up.
        lock: { mode: 'for_no_key_update' },
      });
      if (!user) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
      user.passwordHash = passwordHash;
      user.tokensRevokedAt = revokedAt;
      await tx.save(user);
      const revoked = await revokeRefreshTokens(tx, id);
      await this.audit.record(
        {
          actor,
          action: 'user.password.reset',
          subject: `user:${id}`,
          details: { accessTokensRevoked: true, refreshTokensRevoked: revoked },
        },
        tx,
      );
      return user.username;
    });
    this.revocations.note(id, revokedAt);
    // The owner locked out by failed attempts can sign in with the new password straight away.
    await this.limiter
      .clearAccount(username)
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error },
          'could not clear the login lock-out after a password reset',
        ),
      );
  }

  private async countOtherEnabledAdmins(tx: EntityManager, id: string): Promise<number> {
    const [row] = await tx.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM users
        WHERE id <> $1 AND NOT disabled AND 'admin' = ANY(roles)`,
      [id],
    );
    return row.n;
  }

  /** First start: creates the admin named in the environment if missing. */
  async ensureAdmin(username: string, password: string): Promise<boolean> {
    if (await this.findByUsername(username)) return false;
    const roles: Role[] = ['admin'];
    try {
      await this.create({ username, displayName: '系统管理员', password, roles }, 'system');
      return true;
    } catch (error) {
      // Another instance created it at the same moment.
      if (error instanceof AppException && error.code === ErrorCode.UsernameTaken) return false;
      throw error;
    }
  }
}
