import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { UsersService } from '@yunzhao/accounts';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException, ValidationFailedException } from '@yunzhao/core';
import { RedisService } from '@yunzhao/db';
import { maskPhone } from '@yunzhao/domain';
import { isEmail } from 'class-validator';
import { PHONE_PATTERN } from './dto/registration.dto';

export interface RegistrationResult {
  id: string;
  username: string;
  /** How to sign in: the phone number or email, as the username. */
  accountType: 'phone' | 'email';
}

/** Candidate self-registration with a phone number or email as the login name. */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly users: UsersService,
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(account: string, password: string, ip: string): Promise<RegistrationResult> {
    const normalized = account.trim().toLowerCase();
    const accountType = PHONE_PATTERN.test(normalized)
      ? 'phone'
      : isEmail(normalized)
        ? 'email'
        : undefined;
    if (!accountType) {
      throw new ValidationFailedException([
        { field: 'account', constraints: [{ name: 'isAccount', args: [] }] },
      ]);
    }
    await this.countAttempt(ip);
    try {
      const user = await this.users.create(
        {
          username: normalized,
          displayName:
            accountType === 'phone'
              ? `考生 ${maskPhone(normalized)}`
              : normalized.split('@')[0].slice(0, 64),
          password,
          roles: ['candidate'],
        },
        'anonymous',
      );
      return { id: user.id, username: user.username, accountType };
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.UsernameTaken)
        throw new AppException(ErrorCode.AccountExists, HttpStatus.CONFLICT);
      throw error;
    }
  }

  /**
   * Counts registrations per client address in Redis (shared by every api
   * instance), so one address cannot create accounts in bulk or probe which
   * phone numbers are registered.
   */
  private async countAttempt(ip: string): Promise<void> {
    const { maxPerIp, windowSeconds } = this.config.registration;
    const key = this.redis.key('registrations', 'ip', ip);
    const result = await this.redis.client
      .multi()
      .incr(key)
      .expire(key, windowSeconds, 'NX')
      .ttl(key)
      .exec();
    const count = Number(result?.[0]?.[1] ?? 0);
    const ttl = Number(result?.[2]?.[1] ?? windowSeconds);
    if (count > maxPerIp) {
      const retryAfter = Math.max(1, ttl);
      throw new AppException(
        ErrorCode.TooManyAttempts,
        HttpStatus.TOO_MANY_REQUESTS,
        { retryAfterSeconds: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    }
  }
}
