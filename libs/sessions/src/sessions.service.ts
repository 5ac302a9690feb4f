import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UserEntity } from '@yunzhao/accounts';
import { AuditService } from '@yunzhao/audit';
import { lockCategoryCodes } from '@yunzhao/campaigns';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { ErrorCode, Role } from '@yunzhao/contracts';
import { AppException, AuthUser, ValidationFailedException } from '@yunzhao/core';
import { commitmentOf, DRAW_ALGORITHM, JsonValue, newDrawSecret } from '@yunzhao/domain';
import { NotificationsService, OutboxMessage } from '@yunzhao/notifications';
import { DataSource, EntityManager, In } from 'typeorm';
import { ApplicationLookupService, APPROVED } from './application-lookup.service';
import { DrawRecordEntity } from './draw-record.entity';
import {
  CreateSessionDto,
  ListSessionsQuery,
  PersonView,
  SessionSummary,
  SessionView,
  UpdateSessionDto,
} from './dto/session.dto';
import { RecusalEntity } from './recusal.entity';
import { canReadAnySession, maskAccount, SessionPart } from './session-access';
import { SessionParticipantEntity } from './session-participant.entity';
import {
  assignmentsOf,
  isQualified,
  PanelInput,
  panelSizeProblem,
  QUALIFYING_ROLES,
  repeatedUserIds,
  StaffRole,
} from './session-rules';
import { SessionSlotEntity } from './session-slot.entity';
import { InterviewSessionEntity } from './session.entity';
import { isUniqueViolation } from '@yunzhao/db';

const notFound = () => new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);

function toPerson(user: UserEntity): PersonView {
  return { userId: user.id, username: user.username, displayName: user.displayName };
}

@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly applications: ApplicationLookupService,
  ) {}

  async create(input: CreateSessionDto, actor: string): Promise<SessionView> {
    const times = this.parseTimes(input.startsAt, input.endsAt);
    const panel: PanelInput = {
      chiefExaminerId: input.chiefExaminerId,
      examinerIds: input.examinerIds,
      scoreClerkId: input.scoreClerkId ?? null,
      supervisorIds: input.supervisorIds,
      proctorIds: input.proctorIds ?? [],
    };
    const applicationIds = input.applicationIds ?? [];
    const id = await this.inTransaction(async (tx) => {
      await this.lockCategory(tx, input.campaignId, input.categoryCode);
      await this.checkPanel(tx, panel);
      const slots = await this.resolveSlots(tx, input.campaignId, applicationIds, undefined);
      const session = await tx.save(
        tx.create(InterviewSessionEntity, {
          campaignId: input.campaignId,
          categoryCode: input.categoryCode,
          title: input.title.trim(),
          startsAt: times.startsAt,
          endsAt: times.endsAt,
        }),
      );
      await this.saveParticipants(tx, session.id, panel);
      await this.saveSlots(tx, session, slots);
      await this.checkNoDoubleRole(tx, session.id);
      // Commit now, reveal after the draw: nobody (HR included) can steer the order later.
      const secret = newDrawSecret();
      const draw = await tx.save(
        tx.create(DrawRecordEntity, {
          purpose: 'interview_order',
          subjectId: session.id,
          algorithm: DRAW_ALGORITHM,
          commitment: commitmentOf(secret),
          secret,
        }),
      );
      // The question-set draw (issue 6) commits now too, long before the supervisor's value.
      const questionSecret = newDrawSecret();
      const questionDraw = await tx.save(
        tx.create(DrawRecordEntity, {
          purpose: 'question_set',
          subjectId: session.id,
          algorithm: DRAW_ALGORITHM,
          commitment: commitmentOf(questionSecret),
          secret: questionSecret,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: 'session.create',
          subject: `session:${session.id}`,
          details: {
            campaignId: session.campaignId,
            categoryCode: session.categoryCode,
            title: session.title,
            startsAt: session.startsAt.toISOString(),
            endsAt: session.endsAt.toISOString(),
            panel: this.panelDetails(panel),
            applicationIds: slots.map((slot) => slot.applicationId),
            orderCommitment: draw.commitment,
            questionSetCommitment: questionDraw.commitment,
          },
        },
        tx,
      );
      await this.invite(tx, session, false);
      return session.id;
    });
    return this.get(id);
  }

  async update(id: string, input: UpdateSessionDto, actor: string): Promise<SessionView> {
    await this.inTransaction(async (tx) => {
      const session = await tx.findOne(InterviewSessionEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!session) throw notFound();
      const changes: Record<string, { before: JsonValue; after: JsonValue }> = {};
      const note = (field: string, before: JsonValue, after: JsonValue) => {
        if (JSON.stringify(before) !== JSON.stringify(after)) changes[field] = { before, after };
      };

      const times = this.parseTimes(
        input.startsAt ?? session.startsAt.toISOString(),
        input.endsAt ?? session.endsAt.toISOString(),
      );
      note('startsAt', session.startsAt.toISOString(), times.startsAt.toISOString());
      note('endsAt', session.endsAt.toISOString(), times.endsAt.toISOString());
      note('title', session.title, input.title?.trim() ?? session.title);
      note('categoryCode', session.categoryCode, input.categoryCode ?? session.categoryCode);
      if (input.categoryCode !== undefined && input.categoryCode !== session.categoryCode) {
        await this.lockCategory(tx, session.campaignId, input.categoryCode);
      }
      Object.assign(session, {
        startsAt: times.startsAt,
        endsAt: times.endsAt,
        title: input.title?.trim() ?? session.title,
        categoryCode: input.categoryCode ?? session.categoryCode,
      });

      const current = await this.currentPanel(tx, id);
      const panelTouched = [
        'chiefExaminerId',
        'examinerIds',
        'scoreClerkId',
        'supervisorIds',
        'proctorIds',
      ].some((field) => field in input);
      if (panelTouched) {
        const next: PanelInput = {
          chiefExaminerId: input.chiefExaminerId ?? current.chiefExaminerId,
          examinerIds: input.examinerIds ?? current.examinerIds,
          scoreClerkId:
            input.scoreClerkId === null ? null : (input.scoreClerkId ?? current.scoreClerkId),
          supervisorIds: input.supervisorIds ?? current.supervisorIds,
          proctorIds: input.proctorIds ?? current.proctorIds,
        };
        await this.checkPanel(tx, next);
        const before = this.panelDetails(current);
        const after = this.panelDetails(next);
        note('panel', before, after);
        if (changes.panel) {
          await tx.delete(SessionParticipantEntity, { sessionId: id });
          await this.saveParticipants(tx, id, next);
        }
      }

      if (input.applicationIds) {
        const existing = await tx.find(SessionSlotEntity, {
          where: { sessionId: id },
          order: { position: 'ASC' },
        });
        const before = existing.map((slot) => slot.applicationId);
        if (JSON.stringify(before) !== JSON.stringify(input.applicationIds)) {
          // The drawn order is evidence: neither the list nor its order changes after the draw.
          if ((await this.drawRecord(tx, id)).drawnAt !== null) {
            throw new AppException(ErrorCode.SessionOrderAlreadyDrawn, HttpStatus.CONFLICT);
          }
          const slots = await this.resolveSlots(tx, session.campaignId, input.applicationIds, id);
          note('applicationIds', before, input.applicationIds);
          await tx.delete(SessionSlotEntity, { sessionId: id });
          await this.saveSlots(tx, session, slots);
        }
      }

      if (Object.keys(changes).length === 0) return;
      await this.checkNoDoubleRole(tx, id);
      session.updatedAt = new Date();
      await tx.save(session);
      await this.audit.record(
        {
          actor,
          action: 'session.update',
          subject: `session:${id}`,
          details: { changes },
        },
        tx,
      );
      await this.invite(tx, session, true);
    });
    return this.get(id);
  }

  async list(query: ListSessionsQuery): Promise<SessionSummary[]> {
    const sessions = await this.dataSource.getRepository(InterviewSessionEntity).find({
      where: query.campaignId ? { campaignId: query.campaignId } : {},
      order: { startsAt: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return this.summaries(sessions);
  }

  async summaries(sessions: InterviewSessionEntity[]): Promise<SessionSummary[]> {
    if (sessions.length === 0) return [];
    const ids = sessions.map((session) => session.id);
    const counts = await this.dataSource.query<
      { id: string; panel: string; candidates: string; drawn: boolean }[]
    >(
      `SELECT s.id,
              (SELECT count(*) FROM session_participants p
                WHERE p.session_id = s.id AND p.role IN ('chief_examiner', 'examiner')) AS panel,
              (SELECT count(*) FROM session_slots c WHERE c.session_id = s.id) AS candidates,
              EXISTS (SELECT 1 FROM draw_records d WHERE d.subject_id = s.id
                AND d.purpose = 'interview_order' AND d.drawn_at IS NOT NULL) AS drawn
         FROM interview_sessions s WHERE s.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(counts.map((row) => [row.id, row]));
    return sessions.map((session) => ({
      id: session.id,
      campaignId: session.campaignId,
      categoryCode: session.categoryCode,
      title: session.title,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      panelSize: Number(byId.get(session.id)?.panel ?? 0),
      candidates: Number(byId.get(session.id)?.candidates ?? 0),
      orderDrawn: byId.get(session.id)?.drawn ?? false,
    }));
  }

  async get(id: string): Promise<SessionView> {
    const session = await this.dataSource.getRepository(InterviewSessionEntity).findOneBy({ id });
    if (!session) throw notFound();
    const [participants, slots, draw, recusals] = await Promise.all([
      this.dataSource.getRepository(SessionParticipantEntity).find({
        where: { sessionId: id },
        relations: { user: true },
      }),
      this.dataSource.getRepository(SessionSlotEntity).find({
        where: { sessionId: id },
        relations: { candidate: true },
        order: { position: 'ASC' },
      }),
      this.drawRecord(this.dataSource.manager, id),
      this.dataSource.getRepository(RecusalEntity).countBy({ sessionId: id }),
    ]);
    const people = (role: StaffRole) =>
      participants
        .filter((p) => p.role === role && p.user)
        .map((p) => toPerson(p.user as UserEntity))
        .sort((a, b) => a.username.localeCompare(b.username));
    return {
      id: session.id,
      campaignId: session.campaignId,
      categoryCode: session.categoryCode,
      title: session.title,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      panel: {
        chiefExaminer: people('chief_examiner')[0] ?? null,
        examiners: people('examiner'),
        scoreClerk: people('score_clerk')[0] ?? null,
        supervisors: people('supervisor'),
        proctors: people('proctor'),
      },
      slots: slots.map((slot) => ({
        position: slot.position,
        applicationId: slot.applicationId,
        candidate: toPerson(slot.candidate as UserEntity),
      })),
      orderDraw: {
        commitment: draw.commitment,
        drawn: draw.drawnAt !== null,
        drawnAt: draw.drawnAt?.toISOString() ?? null,
      },
      recusals,
      createdAt: session.createdAt.toISOString(),
      updatedAt: session.updatedAt.toISOString(),
    };
  }

  /** The session as its reader may see it: organisers, supervisors and its own staff. */
  async getFor(id: string, user: AuthUser): Promise<SessionView> {
    const part = await this.partOf(id, user.id);
    if (!canReadAnySession(user) && part?.kind !== 'staff') {
      if (!(await this.exists(id))) throw notFound();
      throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
    }
    const view = await this.get(id);
    if (canReadAnySession(user)) return view;
    // The panel and its staff need names, not the candidates' phone numbers or addresses.
    return {
      ...view,
      slots: view.slots.map((slot) => ({
        ...slot,
        candidate: { ...slot.candidate, username: maskAccount(slot.candidate.username) },
      })),
    };
  }

  async exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(InterviewSessionEntity).existsBy({ id });
  }

  async findSession(id: string): Promise<InterviewSessionEntity> {
    const session = await this.dataSource.getRepository(InterviewSessionEntity).findOneBy({ id });
    if (!session) throw notFound();
    return session;
  }

  /** The user's part in the session, or undefined when they have none. */
  async partOf(sessionId: string, userId: string): Promise<SessionPart | undefined> {
    const participant = await this.dataSource
      .getRepository(SessionParticipantEntity)
      .findOneBy({ sessionId, userId });
    if (participant) return { kind: 'staff', role: participant.role };
    const slot = await this.dataSource
      .getRepository(SessionSlotEntity)
      .findOneBy({ sessionId, candidateId: userId });
    return slot ? { kind: 'candidate', slot: slot.position } : undefined;
  }

  /** Active users holding a role, for the participant pickers. */
  async people(role: Role): Promise<PersonView[]> {
    const users = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(':role = ANY(u.roles)', { role })
      .andWhere('u.disabled = false')
      .orderBy('u.username')
      .limit(1000)
      .getMany();
    return users.map(toPerson);
  }

  async drawRecord(manager: EntityManager, sessionId: string): Promise<DrawRecordEntity> {
    const record = await manager.findOneBy(DrawRecordEntity, {
      purpose: 'interview_order',
      subjectId: sessionId,
    });
    if (!record) throw notFound();
    return record;
  }

  private parseTimes(startsAt: string, endsAt: string) {
    const times = { startsAt: new Date(startsAt), endsAt: new Date(endsAt) };
    if (!(times.endsAt.getTime() > times.startsAt.getTime())) {
      throw new AppException(ErrorCode.SessionTimeInvalid, HttpStatus.BAD_REQUEST, {
        startsAt: times.startsAt.toISOString(),
        endsAt: times.endsAt.toISOString(),
      });
    }
    return times;
  }

  /**
   * The session names its category by code: the campaign must have that category, and keeps it
   * until this transaction commits (a concurrent deletion waits, then sees this session).
   */
  private async lockCategory(tx: EntityManager, campaignId: string, code: string): Promise<void> {
    const missing = await lockCategoryCodes(tx, campaignId, [code]);
    if (missing === null) throw notFound();
    if (missing.length > 0) {
      throw new ValidationFailedException([
        { field: 'categoryCode', constraints: [{ name: 'isCampaignCategory', args: [code] }] },
      ]);
    }
  }

  private async checkPanel(tx: EntityManager, panel: PanelInput): Promise<void> {
    const sizeProblem = panelSizeProblem(panel.examinerIds.length);
    if (sizeProblem) {
      throw new AppException(ErrorCode.SessionPanelSize, HttpStatus.UNPROCESSABLE_ENTITY, {
        panelSize: sizeProblem.panelSize,
        examiners: panel.examinerIds.length,
        rule: 'chief examiner + examiners must be odd, between 3 and 15',
      });
    }
    const assignments = assignmentsOf(panel);
    const repeated = repeatedUserIds(assignments);
    if (repeated.length > 0) {
      throw new AppException(
        ErrorCode.SessionParticipantRepeated,
        HttpStatus.UNPROCESSABLE_ENTITY,
        {
          userIds: repeated,
        },
      );
    }
    const users = await tx.findBy(UserEntity, {
      id: In(assignments.map((assignment) => assignment.userId)),
    });
    const byId = new Map(users.map((user) => [user.id, user]));
    const problems = assignments
      .filter(({ userId, role }) => {
        const user = byId.get(userId);
        return !user || user.disabled || !isQualified(role, user.roles);
      })
      .map(({ userId, role }) => ({
        userId,
        assignment: role,
        requiredRoles: QUALIFYING_ROLES[role],
        found: byId.has(userId),
      }));
    if (problems.length > 0) {
      throw new AppException(
        ErrorCode.SessionParticipantRole,
        HttpStatus.UNPROCESSABLE_ENTITY,
        problems,
      );
    }
  }

  /** Checks the applications and returns the slots in the given order. */
  private async resolveSlots(
    tx: EntityManager,
    campaignId: string,
    applicationIds: readonly string[],
    sessionId: string | undefined,
  ) {
    const found = await this.applications.findByIds(tx, applicationIds);
    const byId = new Map(found.map((application) => [application.id, application]));
    const problems = applicationIds.flatMap((applicationId) => {
      const application = byId.get(applicationId);
      if (!application) return [{ applicationId, problem: 'not_found' }];
      if (application.campaignId !== campaignId)
        return [{ applicationId, problem: 'other_campaign' }];
      if (application.status !== APPROVED)
        return [{ applicationId, problem: 'not_approved', status: application.status }];
      return [];
    });
    if (problems.length > 0) {
      throw new AppException(
        ErrorCode.SessionApplicationNotApproved,
        HttpStatus.UNPROCESSABLE_ENTITY,
        problems,
      );
    }
    const slots = applicationIds.map((applicationId) => ({
      applicationId,
      candidateId: (byId.get(applicationId) as { candidateId: string }).candidateId,
    }));
    const elsewhere = await tx.find(SessionSlotEntity, {
      where: { campaignId, candidateId: In(slots.map((slot) => slot.candidateId)) },
    });
    const taken = elsewhere.filter((slot) => slot.sessionId !== sessionId);
    if (taken.length > 0) {
      throw new AppException(ErrorCode.SessionCandidateAlreadyScheduled, HttpStatus.CONFLICT, {
        scheduled: taken.map((slot) => ({
          applicationId: slot.applicationId,
          sessionId: slot.sessionId,
        })),
      });
    }
    return slots;
  }

  /** Nobody interviews in a session where they also sit on the panel or watch it. */
  private async checkNoDoubleRole(tx: EntityManager, sessionId: string): Promise<void> {
    const both = await tx.query<{ userId: string }[]>(
      `SELECT p.user_id AS "userId" FROM session_participants p
         JOIN session_slots s ON s.session_id = p.session_id AND s.candidate_id = p.user_id
        WHERE p.session_id = $1`,
      [sessionId],
    );
    if (both.length > 0) {
      throw new AppException(
        ErrorCode.SessionParticipantRepeated,
        HttpStatus.UNPROCESSABLE_ENTITY,
        {
          userIds: both.map((row) => row.userId),
        },
      );
    }
  }

  private async saveParticipants(tx: EntityManager, sessionId: string, panel: PanelInput) {
    await tx.insert(
      SessionParticipantEntity,
      assignmentsOf(panel).map(({ userId, role }) => ({ sessionId, userId, role })),
    );
  }

  private async saveSlots(
    tx: EntityManager,
    session: InterviewSessionEntity,
    slots: { applicationId: string; candidateId: string }[],
  ) {
    if (slots.length === 0) return;
    await tx.insert(
      SessionSlotEntity,
      slots.map((slot, index) => ({
        sessionId: session.id,
        campaignId: session.campaignId,
        applicationId: slot.applicationId,
        candidateId: slot.candidateId,
        position: index + 1,
      })),
    );
  }

  private async currentPanel(tx: EntityManager, sessionId: string): Promise<PanelInput> {
    const rows = await tx.findBy(SessionParticipantEntity, { sessionId });
    const ids = (role: StaffRole) =>
      rows
        .filter((row) => row.role === role)
        .map((row) => row.userId)
        .sort();
    return {
      chiefExaminerId: ids('chief_examiner')[0],
      examinerIds: ids('examiner'),
      scoreClerkId: ids('score_clerk')[0] ?? null,
      supervisorIds: ids('supervisor'),
      proctorIds: ids('proctor'),
    };
  }

  private panelDetails(panel: PanelInput) {
    return {
      chiefExaminerId: panel.chiefExaminerId,
      examinerIds: [...panel.examinerIds].sort(),
      scoreClerkId: panel.scoreClerkId ?? null,
      supervisorIds: [...panel.supervisorIds].sort(),
      proctorIds: [...(panel.proctorIds ?? [])].sort(),
    };
  }

  /** One invitation per participant and candidate, written to the outbox with the change. */
  private async invite(tx: EntityManager, session: InterviewSessionEntity, changed: boolean) {
    const participants = await tx.find(SessionParticipantEntity, {
      where: { sessionId: session.id },
      relations: { user: true },
    });
    const slots = await tx.find(SessionSlotEntity, {
      where: { sessionId: session.id },
      relations: { candidate: true },
    });
    const base = {
      sessionId: session.id,
      title: session.title,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      earlyJoinMinutes: this.config.rooms.earlyJoinMinutes,
      changed,
    };
    const messages: OutboxMessage[] = [
      ...participants.map((p) => ({
        recipientId: p.userId,
        template: 'session.invitation' as const,
        payload: {
          ...base,
          role: p.role,
          displayName: p.user?.displayName ?? '',
          link: `/schedule/${session.id}`,
        },
      })),
      ...slots.map((slot) => ({
        recipientId: slot.candidateId,
        template: 'session.invitation' as const,
        payload: {
          ...base,
          role: 'candidate',
          displayName: slot.candidate?.displayName ?? '',
          link: `/interviews/${session.id}`,
        },
      })),
    ];
    await this.notifications.enqueue(tx, messages);
  }

  /** Runs the work in a transaction; a lost race on "one session per campaign" becomes a 409. */
  private async inTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error, 'session_slots_one_per_campaign')) {
        throw new AppException(ErrorCode.SessionCandidateAlreadyScheduled, HttpStatus.CONFLICT);
      }
      throw error;
    }
  }
}
