import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { ErrorCode } from '@yunzhao/contracts';
import { actorOf, AppException, AuthUser } from '@yunzhao/core';
import { DataSource } from 'typeorm';
import { IntegrityService, VerifyResult } from './integrity.service';
import { signPlayback, verifyPlayback } from './playback-token';
import { RecordingEntity, RecordingSegmentEntity } from './recording.entity';

/** How long a playback grant (the signed URL the player fetches ranges from) stays valid. */
export const PLAYBACK_TTL_MS = 15 * 60_000;

export interface TimelineMarker {
  seq: string;
  type: string;
  occurredAt: string;
  actorUserId: string | null;
  candidateUserId: string | null;
}

export interface SegmentView {
  id: string;
  seq: number;
  status: string;
  container: string;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  durationMs: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  streams: Record<string, unknown>[] | null;
  problem: string | null;
  finalisedAt: string | null;
  verifiedAt: string | null;
  deletedAt: string | null;
  playable: boolean;
  /** Timeline entries that fall inside this segment, with their offset into it. */
  markers: (TimelineMarker & { offsetMs: number })[];
}

export interface RecordingView {
  id: string;
  kind: string;
  source: string;
  device: string;
  mimeType: string;
  producerId: string;
  startedAt: string;
  endedAt: string | null;
  segments: SegmentView[];
}

export interface ParticipantView {
  userId: string;
  displayName: string;
  role: string;
  recordings: RecordingView[];
}

export interface CandidatePart {
  candidateUserId: string;
  displayName: string | null;
  from: string;
  to: string | null;
}

export interface SessionRecordingsView {
  session: { id: string; title: string; campaignId: string; startsAt: string; endsAt: string };
  timeline: TimelineMarker[];
  candidateParts: CandidatePart[];
  participants: ParticipantView[];
}

/** Timeline types that mark a candidate's part of the session. */
const PART_START = 'candidate.calledIn';
const PART_END = new Set(['candidate.sentBack', 'turn.ended']);

/**
 * Who may see recordings, and what they see. Admins see every session; a supervisor sees the
 * sessions they are assigned to supervise. Everyone else (candidates, examiners, HR) is refused,
 * and the refusal is audited like every access.
 */
@Injectable()
export class RecordingsAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly integrity: IntegrityService,
  ) {}

  private async mayAccess(user: AuthUser, sessionId: string): Promise<boolean> {
    if (user.roles.includes('admin')) return true;
    if (!user.roles.includes('supervisor')) return false;
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM session_participants
        WHERE session_id = $1 AND user_id = $2 AND role = 'supervisor'`,
      [sessionId, user.id],
    );
    return rows.length > 0;
  }

  /** Throws 404 for an unknown session, 403 (audited) for a caller without access. */
  private async requireAccess(user: AuthUser, sessionId: string, what: string, subject: string) {
    const [session] = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM interview_sessions WHERE id = $1',
      [sessionId],
    );
    if (!session) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    if (!(await this.mayAccess(user, sessionId))) {
      await this.audit.record({
        actor: actorOf(user),
        action: 'recording.access.denied',
        subject,
        details: { what, sessionId, roles: user.roles },
      });
      throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
    }
  }

  private async segmentWithSession(segmentId: string) {
    const segment = await this.dataSource
      .getRepository(RecordingSegmentEntity)
      .findOne({ where: { id: segmentId }, relations: { recording: true } });
    if (!segment?.recording) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    return segment as RecordingSegmentEntity & { recording: RecordingEntity };
  }

  async listSession(user: AuthUser, sessionId: string): Promise<SessionRecordingsView> {
    await this.requireAccess(user, sessionId, 'list', `session:${sessionId}`);
    const view = await this.buildSessionView(sessionId);
    await this.audit.record({
      actor: actorOf(user),
      action: 'recording.access',
      subject: `session:${sessionId}`,
      details: {
        what: 'list',
        recordings: view.participants.reduce((n, p) => n + p.recordings.length, 0),
      },
    });
    return view;
  }

  /**
   * One candidate across the sessions the caller may see: the candidate's own recordings and
   * every other recording's segments that overlap the candidate's part (called in → sent back).
   */
  async listCandidate(user: AuthUser, candidateId: string) {
    const sessions = await this.dataSource.query<{ session_id: string }[]>(
      `SELECT DISTINCT session_id FROM (
         SELECT session_id FROM recordings WHERE user_id = $1
         UNION SELECT session_id FROM session_timeline WHERE payload->>'candidateUserId' = $1::text
       ) s`,
      [candidateId],
    );
    const allowed: string[] = [];
    for (const { session_id } of sessions)
      if (await this.mayAccess(user, session_id)) allowed.push(session_id);
    if (
      allowed.length === 0 &&
      !user.roles.includes('admin') &&
      !user.roles.includes('supervisor')
    ) {
      await this.audit.record({
        actor: actorOf(user),
        action: 'recording.access.denied',
        subject: `candidate:${candidateId}`,
        details: { what: 'list-candidate', roles: user.roles },
      });
      throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
    }
    const views = [];
    for (const sessionId of allowed) {
      const view = await this.buildSessionView(sessionId);
      const parts = view.candidateParts.filter((p) => p.candidateUserId === candidateId);
      const overlaps = (segment: SegmentView) =>
        parts.some(
          (part) =>
            (segment.endedAt === null || segment.endedAt >= part.from) &&
            (part.to === null || segment.startedAt <= part.to),
        );
      views.push({
        ...view,
        candidateParts: parts,
        participants: view.participants
          .map((participant) => ({
            ...participant,
            recordings: participant.recordings
              .map((recording) => ({
                ...recording,
                segments:
                  participant.userId === candidateId
                    ? recording.segments
                    : recording.segments.filter(overlaps),
              }))
              .filter((recording) => recording.segments.length > 0),
          }))
          .filter((participant) => participant.recordings.length > 0),
      });
    }
    await this.audit.record({
      actor: actorOf(user),
      action: 'recording.access',
      subject: `candidate:${candidateId}`,
      details: { what: 'list-candidate', sessions: allowed },
    });
    return { candidateId, sessions: views };
  }

  /** An audited grant to play one segment: a signed URL valid for PLAYBACK_TTL_MS. */
  async openPlayback(user: AuthUser, segmentId: string) {
    const segment = await this.segmentWithSession(segmentId);
    const sessionId = segment.recording.sessionId;
    await this.requireAccess(user, sessionId, 'play', `recording-segment:${segmentId}`);
    if (segment.status !== 'finalised')
      throw new AppException(ErrorCode.Conflict, HttpStatus.CONFLICT, {
        reason: `segment is ${segment.status}`,
      });
    const expiresAt = Date.now() + PLAYBACK_TTL_MS;
    const token = signPlayback(this.config.auth.jwtSecret, {
      segmentId,
      userId: user.id,
      exp: expiresAt,
    });
    await this.audit.record({
      actor: actorOf(user),
      action: 'recording.access',
      subject: `recording-segment:${segmentId}`,
      details: {
        what: 'play',
        sessionId,
        recordingId: segment.recordingId,
        participantUserId: segment.recording.userId,
        expiresAt: new Date(expiresAt).toISOString(),
      },
    });
    return {
      url: `/api/recordings/play/${token}`,
      expiresAt: new Date(expiresAt).toISOString(),
      mimeType: contentTypeOf(segment.recording.kind, segment.container),
    };
  }

  /** Resolves a playback URL's token to the file to serve; null when it is not (or no longer) valid. */
  async resolvePlayback(token: string) {
    const claims = verifyPlayback(this.config.auth.jwtSecret, token);
    if (!claims) return null;
    const segment = await this.dataSource
      .getRepository(RecordingSegmentEntity)
      .findOne({ where: { id: claims.segmentId }, relations: { recording: true } });
    if (!segment?.recording || segment.status !== 'finalised') return null;
    return {
      storageKey: segment.storageKey,
      contentType: contentTypeOf(segment.recording.kind, segment.container),
    };
  }

  /** On-demand integrity check by an admin or the session's supervisor (audited). */
  async verify(user: AuthUser, segmentId: string): Promise<VerifyResult> {
    const segment = await this.segmentWithSession(segmentId);
    await this.requireAccess(
      user,
      segment.recording.sessionId,
      'verify',
      `recording-segment:${segmentId}`,
    );
    if (segment.status !== 'finalised')
      throw new AppException(ErrorCode.Conflict, HttpStatus.CONFLICT, {
        reason: `segment is ${segment.status}`,
      });
    const result = await this.integrity.verify(segment, actorOf(user));
    await this.audit.record({
      actor: actorOf(user),
      action: 'recording.verify',
      subject: `recording-segment:${segmentId}`,
      details: { ok: result.ok, sha256: result.actualSha256 },
    });
    return result;
  }

  private async buildSessionView(sessionId: string): Promise<SessionRecordingsView> {
    const [session] = await this.dataSource.query<
      { id: string; title: string; campaign_id: string; starts_at: Date; ends_at: Date }[]
    >('SELECT id, title, campaign_id, starts_at, ends_at FROM interview_sessions WHERE id = $1', [
      sessionId,
    ]);
    const recordings = await this.dataSource.getRepository(RecordingEntity).find({
      where: { sessionId },
      order: { startedAt: 'ASC' },
    });
    const segments = recordings.length
      ? await this.dataSource
          .getRepository(RecordingSegmentEntity)
          .createQueryBuilder('s')
          .where('s.recording_id IN (:...ids)', { ids: recordings.map((r) => r.id) })
          .orderBy('s.seq', 'ASC')
          .getMany()
      : [];
    const timelineRows = await this.dataSource.query<
      {
        seq: string;
        type: string;
        actor_user_id: string | null;
        payload: Record<string, unknown>;
        occurred_at: Date;
      }[]
    >(
      `SELECT seq::text AS seq, type, actor_user_id, payload, occurred_at
         FROM session_timeline WHERE session_id = $1 ORDER BY seq`,
      [sessionId],
    );
    const timeline: TimelineMarker[] = timelineRows.map((row) => ({
      seq: row.seq,
      type: row.type,
      occurredAt: new Date(row.occurred_at).toISOString(),
      actorUserId: row.actor_user_id,
      candidateUserId:
        typeof row.payload?.candidateUserId === 'string' ? row.payload.candidateUserId : null,
    }));
    const userIds = [
      ...new Set([
        ...recordings.map((r) => r.userId),
        ...timeline.map((t) => t.candidateUserId).filter((id): id is string => id !== null),
      ]),
    ];
    const names = new Map<string, string>(
      userIds.length
        ? (
            await this.dataSource.query<{ id: string; display_name: string }[]>(
              'SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])',
              [userIds],
            )
          ).map((row) => [row.id, row.display_name])
        : [],
    );

    const candidateParts: CandidatePart[] = [];
    for (const entry of timeline) {
      if (!entry.candidateUserId) continue;
      if (entry.type === PART_START) {
        candidateParts.push({
          candidateUserId: entry.candidateUserId,
          displayName: names.get(entry.candidateUserId) ?? null,
          from: entry.occurredAt,
          to: null,
        });
      } else if (PART_END.has(entry.type)) {
        const open = [...candidateParts]
          .reverse()
          .find((part) => part.candidateUserId === entry.candidateUserId && part.to === null);
        if (open) open.to = entry.occurredAt;
      }
    }

    const participants = new Map<string, ParticipantView>();
    for (const recording of recordings) {
      let participant = participants.get(recording.userId);
      if (!participant) {
        participant = {
          userId: recording.userId,
          displayName: names.get(recording.userId) ?? recording.userId,
          role: recording.role,
          recordings: [],
        };
        participants.set(recording.userId, participant);
      }
      participant.recordings.push({
        id: recording.id,
        kind: recording.kind,
        source: recording.source,
        device: recording.device,
        mimeType: recording.mimeType,
        producerId: recording.producerId,
        startedAt: recording.startedAt.toISOString(),
        endedAt: recording.endedAt?.toISOString() ?? null,
        segments: segments
          .filter((segment) => segment.recordingId === recording.id)
          .map((segment) => segmentView(segment, timeline)),
      });
    }
    return {
      session: {
        id: session.id,
        title: session.title,
        campaignId: session.campaign_id,
        startsAt: new Date(session.starts_at).toISOString(),
        endsAt: new Date(session.ends_at).toISOString(),
      },
      timeline,
      candidateParts,
      participants: [...participants.values()],
    };
  }
}

export function contentTypeOf(kind: string, container: string): string {
  if (container === 'mkv') return kind === 'audio' ? 'audio/x-matroska' : 'video/x-matroska';
  return kind === 'audio' ? 'audio/webm' : 'video/webm';
}

/** A segment with the timeline entries inside its time span, offset from its start. */
export function segmentView(
  segment: RecordingSegmentEntity,
  timeline: TimelineMarker[],
): SegmentView {
  const start = segment.startedAt.getTime();
  const end = segment.endedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return {
    id: segment.id,
    seq: segment.seq,
    status: segment.status,
    container: segment.container,
    startedAt: segment.startedAt.toISOString(),
    endedAt: segment.endedAt?.toISOString() ?? null,
    endReason: segment.endReason,
    durationMs: segment.durationMs,
    sizeBytes: segment.sizeBytes === null ? null : Number(segment.sizeBytes),
    sha256: segment.sha256,
    streams: segment.streams,
    problem: segment.problem,
    finalisedAt: segment.finalisedAt?.toISOString() ?? null,
    verifiedAt: segment.verifiedAt?.toISOString() ?? null,
    deletedAt: segment.deletedAt?.toISOString() ?? null,
    playable: segment.status === 'finalised',
    markers: timeline
      .filter((entry) => {
        const at = Date.parse(entry.occurredAt);
        return at >= start && at <= end;
      })
      .map((entry) => ({ ...entry, offsetMs: Date.parse(entry.occurredAt) - start })),
  };
}
