import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { createSecretKey } from 'node:crypto';
import { AccessRevocations } from './access-revocations.service';
import { AdminBootstrap } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { JwtAuthGuard, RolesGuard } from './auth.guards';
import { AuthService } from './auth.service';
import { LoginLimiter } from './login-limiter.service';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Users, login, tokens, and the guards that protect every route. */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: jsonwebtoken otherwise tries (and fails) to parse the
        // string as a public key on every verify, which cost ~15% of the api's CPU under load.
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret)),
        signOptions: { issuer: 'yunzhao' },
        // HS256 only, as signed: no other algorithm is accepted, whatever the token's header says.
        verifyOptions: { issuer: 'yunzhao', algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    UsersService,
    AuthService,
    LoginLimiter,
    AccessRevocations,
    AdminBootstrap,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [UsersService, AuthService],
})
export class AccountsModule {}
