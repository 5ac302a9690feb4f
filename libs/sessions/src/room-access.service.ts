import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { UserEntity } from '@yunzhao/accounts';
import { AuditService } from '@yunzhao/audit';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { ErrorCode, RoomDevice, RoomTokenClaims } from '@yunzhao/contracts';
import { actorOf, AppException, AuthUser } from '@yunzhao/core';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { RoomTokenView, SideCameraLinkView, TrainerTokenView } from './dto/room.dto';
import { MediaPlacementService } from './media-placement.service';
import { SessionParticipantEntity } from './session-participant.entity';
import { isInsideWindow, joinWindow, roomTokenExpiry } from './session-rules';
import { SessionSlotEntity } from './session-slot.entity';
import { InterviewSessionEntity } from './session.entity';
import { SideCameraCodeEntity } from './side-camera-code.entity';

const SIDE_CAMERA_CODE_TTL_MS = 10 * 60_000;
const MOCK_ROOM_SECONDS = 3600;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const hashCode = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');
const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Closed management: a room token goes only to the people scheduled in the session, only
 * inside its window, with the part they were assigned. The media node trusts nothing else.
 */
@Injectable()
export class RoomAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly placement: MediaPlacementService,
  ) {}

  async roomToken(sessionId: string, user: AuthUser, device: RoomDevice): Promise<RoomTokenView> {
    return this.dataSource.transaction(async (tx) => {
      const session = await this.sessionOrNotFound(tx, sessionId);
      const claims = await this.claimsFor(tx, session, user.id, device);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'session.room_token.issue',
          subject: `session:${sessionId}`,
          details: { role: claims.role, device },
        },
        tx,
      );
      return this.sign(claims);
    });
  }

  /** A one-time code for the candidate's phone (second camera), valid 10 minutes. */
  async sideCameraLink(sessionId: string, user: AuthUser): Promise<SideCameraLinkView> {
    return this.dataSource.transaction(async (tx) => {
      const session = await this.sessionOrNotFound(tx, sessionId);
      // Checks that the caller is this session's candidate and that the room is open.
      await this.claimsFor(tx, session, user.id, 'side');
      const code = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + SIDE_CAMERA_CODE_TTL_MS);
      await tx.insert(SideCameraCodeEntity, {
        sessionId,
        candidateId: user.id,
        codeHash: hashCode(code),
        expiresAt,
      });
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'session.side_camera.link',
          subject: `session:${sessionId}`,
          details: { expiresAt: expiresAt.toISOString() },
        },
        tx,
      );
      return {
        code,
        url: `/side-camera?code=${encodeURIComponent(code)}`,
        expiresAt: expiresAt.toISOString(),
      };
    });
  }

  /** Trades a side-camera code for the candidate's `side` room token, once. */
  async redeemSideCamera(code: string): Promise<RoomTokenView> {
    return this.dataSource.transaction(async (tx) => {
      const row = await tx.findOne(SideCameraCodeEntity, {
        where: { codeHash: hashCode(code) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
      if (row.consumedAt) throw new AppException(ErrorCode.JoinCodeUsed, HttpStatus.GONE);
      if (row.expiresAt.getTime() < Date.now()) {
        throw new AppException(ErrorCode.JoinCodeExpired, HttpStatus.GONE);
      }
      const session = await this.sessionOrNotFound(tx, row.sessionId);
      const claims = await this.claimsFor(tx, session, row.candidateId, 'side');
      await tx.update(SideCameraCodeEntity, { id: row.id }, { consumedAt: new Date() });
      await this.audit.record(
        {
          actor: `user:${row.candidateId}`,
          action: 'session.side_camera.redeem',
          subject: `session:${row.sessionId}`,
          details: { via: 'side_camera_code' },
        },
        tx,
      );
      return this.sign(claims);
    });
  }

  /**
   * The phone's side camera cannot sign in, so it renews with the side pass it holds: a new one
   * for the same candidate and session, naming the media node that holds the session now (it
   * may have moved). The candidate must still be in the session and the window still open.
   */
  async renewSideCamera(token: string): Promise<RoomTokenView> {
    let claims: Partial<RoomTokenClaims>;
    try {
      claims = this.jwt.verify<RoomTokenClaims>(token);
    } catch {
      throw new AppException(ErrorCode.Unauthenticated, HttpStatus.UNAUTHORIZED);
    }
    if (claims.typ !== 'room' || claims.device !== 'side' || !claims.sid || !claims.sub)
      throw new AppException(ErrorCode.Unauthenticated, HttpStatus.UNAUTHORIZED);
    const { sid, sub } = claims;
    return this.dataSource.transaction(async (tx) => {
      const session = await this.sessionOrNotFound(tx, sid);
      return this.sign(await this.claimsFor(tx, session, sub, 'side'));
    });
  }

  /** Mock interview: any candidate, any time, in a room of their own, never evidence. */
  async mockToken(user: AuthUser, device: RoomDevice): Promise<RoomTokenView> {
    const profile = await this.dataSource.getRepository(UserEntity).findOneBy({ id: user.id });
    const now = new Date();
    return this.sign({
      typ: 'room',
      sub: user.id,
      sid: `mock-${user.id}`,
      role: 'candidate',
      name: profile?.displayName ?? user.username,
      device,
      windowStart: epochSeconds(now),
      windowEnd: epochSeconds(now) + MOCK_ROOM_SECONDS,
      mock: true,
    });
  }

  /**
   * Mock interview with training staff: an HR officer (or admin) joins one
   * candidate's mock room playing the panel's chief (calls in, shows the sample
   * questions, ends the rehearsal). Still a mock room: nothing goes on any
   * session's record; the pass itself is audited.
   */
  async trainerMockToken(user: AuthUser, candidate: string): Promise<TrainerTokenView> {
    return this.dataSource.transaction(async (tx) => {
      const trainee = await tx.findOneBy(
        UserEntity,
        UUID.test(candidate) ? { id: candidate } : { username: candidate.toLowerCase() },
      );
      if (!trainee || trainee.disabled || !trainee.roles.includes('candidate')) {
        throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND, { candidate });
      }
      const trainer = await tx.findOneBy(UserEntity, { id: user.id });
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'mock_interview.trainer_token.issue',
          subject: `user:${trainee.id}`,
          details: { room: `mock-${trainee.id}` },
        },
        tx,
      );
      const now = epochSeconds(new Date());
      const view = await this.sign({
        typ: 'room',
        sub: user.id,
        sid: `mock-${trainee.id}`,
        role: 'chief_examiner',
        name: trainer?.displayName ?? user.username,
        device: 'main',
        windowStart: now,
        windowEnd: now + MOCK_ROOM_SECONDS,
        mock: true,
      });
      return { ...view, candidateUserId: trainee.id, candidateName: trainee.displayName };
    });
  }

  private async sessionOrNotFound(tx: EntityManager, id: string) {
    const session = await tx.findOneBy(InterviewSessionEntity, { id });
    if (!session) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    return session;
  }

  private async claimsFor(
    tx: EntityManager,
    session: InterviewSessionEntity,
    userId: string,
    device: RoomDevice,
  ): Promise<RoomTokenClaims> {
    // One transaction is one connection: its queries run one after another.
    const participant = await tx.findOneBy(SessionParticipantEntity, {
      sessionId: session.id,
      userId,
    });
    const slot = await tx.findOneBy(SessionSlotEntity, {
      sessionId: session.id,
      candidateId: userId,
    });
    const user = await tx.findOneBy(UserEntity, { id: userId });
    if ((!participant && !slot) || !user || user.disabled) {
      throw new AppException(ErrorCode.SessionNotParticipant, HttpStatus.FORBIDDEN);
    }
    if (device === 'side' && !slot) {
      // Only a candidate has a second camera.
      throw new AppException(ErrorCode.BadRequest, HttpStatus.BAD_REQUEST, {
        device: 'only the candidate can join with a side camera',
      });
    }
    const window = joinWindow(session.startsAt, session.endsAt, this.config.rooms.earlyJoinMinutes);
    if (!isInsideWindow(new Date(), window)) {
      throw new AppException(ErrorCode.SessionOutsideJoinWindow, HttpStatus.UNPROCESSABLE_ENTITY, {
        windowStart: window.opensAt.toISOString(),
        windowEnd: window.closesAt.toISOString(),
      });
    }
    return {
      typ: 'room',
      sub: userId,
      sid: session.id,
      role: participant ? participant.role : 'candidate',
      name: user.displayName,
      ...(slot && !participant ? { slot: slot.position } : {}),
      device,
      windowStart: epochSeconds(session.startsAt),
      windowEnd: epochSeconds(session.endsAt),
    };
  }

  private async sign(claims: RoomTokenClaims): Promise<RoomTokenView> {
    // A phone's side camera redeemed a one-time code and cannot ask for a fresh
    // token after a network blip, so its token lasts until the session closes.
    const ttl =
      claims.device === 'side' ? Number.MAX_SAFE_INTEGER : this.config.rooms.tokenTtlSeconds;
    const exp = roomTokenExpiry(epochSeconds(new Date()), ttl, claims.windowEnd);
    const token = await this.jwt.signAsync({ ...claims, exp });
    return {
      token,
      // The session's media node (multi-node), else MEDIA_PUBLIC_URL.
      mediaUrl: await this.placement.mediaUrlFor(claims.sid),
      expiresAt: new Date(exp * 1000).toISOString(),
    };
  }
}
