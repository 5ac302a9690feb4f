import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import {
  roomChannels,
  ScoreConfirmedEvent,
  ScoreCorrectedEvent,
  ScorePublishedEvent,
  ServerToClientEvents,
} from '@yunzhao/contracts';
import Redis from 'ioredis';

/**
 * The Redis channel key of the media nodes' socket.io adapter; must equal `socketIoKey` in
 * apps/media/src/signaling/redis-io.adapter.ts (a lib cannot import from an app).
 */
export const socketIoChannelKey = (config: AppConfig) => `${config.redis.keyPrefix}:socket.io`;

/**
 * Sends score events into live rooms through the socket.io Redis emitter, so they reach the
 * room's sockets on whichever media node holds them. The candidate's own connections get the
 * candidate's copy (`forCandidate: true`); the panel, supervisors and proctors get the room's
 * copy. Other candidates of the session (waiting, or done) get nothing: a score is announced to
 * the candidate it belongs to, as the api's lists also show a candidate only their own.
 */
@Injectable()
export class ScoreBroadcaster implements OnModuleDestroy {
  private readonly logger = new Logger(ScoreBroadcaster.name);
  private readonly redis: Redis;
  private readonly emitter: Emitter<ServerToClientEvents>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Its own connection, with ioredis' offline queue: an event sent while Redis reconnects
    // goes out when it is back instead of failing.
    this.redis = new Redis(config.redis.url, { maxRetriesPerRequest: 3 });
    this.redis.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    // The emitter does not await publish(); a failure is logged here, never left unhandled.
    const publisher = {
      publish: (channel: string, message: Buffer | string) =>
        this.redis.publish(channel, message).catch((error: Error) => {
          this.logger.error({ err: error }, 'could not send a score event to the room');
          return 0;
        }),
    };
    this.emitter = new Emitter<ServerToClientEvents>(publisher, {
      key: socketIoChannelKey(config),
    });
  }

  published(event: Omit<ScorePublishedEvent, 'forCandidate'>): void {
    const candidate = roomChannels.candidate(event.sessionId, event.candidateUserId);
    this.emitter.to(candidate).emit('scorePublished', { ...event, forCandidate: true });
    this.toStaff(event.sessionId).emit('scorePublished', { ...event, forCandidate: false });
  }

  corrected(event: Omit<ScoreCorrectedEvent, 'forCandidate'>): void {
    const candidate = roomChannels.candidate(event.sessionId, event.candidateUserId);
    this.emitter.to(candidate).emit('scoreCorrected', { ...event, forCandidate: true });
    this.toStaff(event.sessionId).emit('scoreCorrected', { ...event, forCandidate: false });
  }

  confirmed(event: ScoreConfirmedEvent): void {
    this.emitter
      .to(roomChannels.candidate(event.sessionId, event.candidateUserId))
      .emit('scoreConfirmed', event);
    this.toStaff(event.sessionId).emit('scoreConfirmed', event);
  }

  /** Everyone in the session who is not a candidate. */
  private toStaff(sessionId: string) {
    return this.emitter.to(roomChannels.all(sessionId)).except(roomChannels.candidates(sessionId));
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
