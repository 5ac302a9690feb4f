import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode, Role } from '@yunzhao/contracts';
import { AppException } from '@yunzhao/core';
import { DataSource } from 'typeorm';
import { CreateUserDto, UpdateUserDto, UserView } from './dto/user.dto';
import { hashPassword } from './password';
import { UserEntity } from './user.entity';
import { isUniqueViolation, refuseOnViolation } from '@yunzhao/db';

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
  ) {}

  private get users() {
    return this.dataSource.getRepository(UserEntity);
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username: username.toLowerCase() });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  async list(limit: number, offset: number): Promise<UserView[]> {
    const rows = await this.users.find({ order: { createdAt: 'ASC' }, take: limit, skip: offset });
    return rows.map(toUserView);
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

  async update(id: string, input: UpdateUserDto, actor: string): Promise<UserView> {
    return this.dataSource.transaction(async (tx) => {
      const user = await tx.findOneBy(UserEntity, { id });
      if (!user) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
      const before = { roles: user.roles, disabled: user.disabled };
      if (input.roles) user.roles = input.roles;
      if (input.disabled !== undefined) user.disabled = input.disabled;
      const saved = await tx.save(user);
      await this.audit.record(
        {
          actor,
          action: 'user.update',
          subject: `user:${id}`,
          details: { before, after: { roles: saved.roles, disabled: saved.disabled } },
        },
        tx,
      );
      return toUserView(saved);
    });
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
