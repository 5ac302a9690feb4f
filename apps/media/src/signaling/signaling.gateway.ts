import { Inject, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import type { AuthUser } from '@yunzhao/core';
import type { Server, Socket } from 'socket.io';
import { WorkerPool } from '../workers/worker-pool.service';

interface TokenClaims {
  sub: string;
  username: string;
  roles: AuthUser['roles'];
  typ: string;
}

/**
 * The media node's signaling endpoint. Nobody connects without a token the
 * api signed; each socket carries the verified identity in `socket.data.user`.
 */
@WebSocketGateway({ path: '/socket.io' })
export class SignalingGateway implements OnGatewayInit {
  private readonly logger = new Logger(SignalingGateway.name);

  constructor(
    private readonly jwt: JwtService,
    private readonly workers: WorkerPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      try {
        if (typeof token !== 'string') throw new Error('missing token');
        const claims = this.jwt.verify<TokenClaims>(token);
        socket.data.user = {
          id: claims.sub,
          username: claims.username,
          roles: claims.roles,
        } satisfies AuthUser;
        next();
      } catch {
        this.logger.warn(
          { address: socket.handshake.address },
          'refused a socket without a valid token',
        );
        next(new Error('UNAUTHENTICATED'));
      }
    });
  }

  /** Liveness of the signaling path; answers with the node's worker count. */
  @SubscribeMessage('ping')
  ping(socket: Socket): { pong: true; user: string; workers: number } {
    return {
      pong: true,
      user: (socket.data.user as AuthUser).id,
      workers: this.config.media.workers,
    };
  }
}
