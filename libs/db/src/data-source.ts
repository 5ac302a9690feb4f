// The data source the TypeORM CLI uses (npm run migration:generate|run|revert).
// The apps do not import this file: they register entities per feature.
import { AuditEntryEntity } from '@yunzhao/audit';
import { RefreshTokenEntity, UserEntity } from '@yunzhao/accounts';
import { CampaignCategoryEntity, CampaignEntity, PostEntity } from '@yunzhao/campaigns';
import { readDatabaseUrl } from '@yunzhao/config';
import { DisciplineEntity, UniversityEntity } from '@yunzhao/reference-data';
import {
  ApplicationEntity,
  ApplicationHistoryEntity,
  CandidateProfileEntity,
  DocumentEntity,
  EducationRecordEntity,
} from '@yunzhao/registration';
import { SessionTimelineEntryEntity } from '@yunzhao/timeline';
import { RECORDING_ENTITIES } from '@yunzhao/recordings';
import { SCORING_ENTITIES } from '@yunzhao/scoring';
import { MATCHING_ENTITIES } from '@yunzhao/matching';
import { NotificationEntity, NotificationOutboxEntity } from '@yunzhao/notifications';
import {
  DrawRecordEntity,
  InterviewSessionEntity,
  RecusalEntity,
  SessionParticipantEntity,
  SessionSlotEntity,
  SideCameraCodeEntity,
} from '@yunzhao/sessions';
import {
  QuestionBankEntity,
  QuestionDrawInputEntity,
  QuestionRevealEntity,
  QuestionSetEntity,
  QuestionSetUseEntity,
} from '@yunzhao/question-bank';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export default new DataSource({
  ...dataSourceOptions(readDatabaseUrl()),
  entities: [
    // question bank (issue 6)
    QuestionBankEntity,
    QuestionSetEntity,
    QuestionSetUseEntity,
    QuestionDrawInputEntity,
    QuestionRevealEntity,
    // interview sessions and notifications
    InterviewSessionEntity,
    SessionParticipantEntity,
    SessionSlotEntity,
    RecusalEntity,
    DrawRecordEntity,
    SideCameraCodeEntity,
    NotificationOutboxEntity,
    NotificationEntity,
    UserEntity,
    RefreshTokenEntity,
    AuditEntryEntity,
    SessionTimelineEntryEntity,
    UniversityEntity,
    DisciplineEntity,
    CampaignEntity,
    CampaignCategoryEntity,
    PostEntity,
    CandidateProfileEntity,
    EducationRecordEntity,
    DocumentEntity,
    ApplicationEntity,
    ApplicationHistoryEntity,
    // live scoring
    ...SCORING_ENTITIES,
    // recordings (issue 5)
    ...RECORDING_ENTITIES,
    // matching hires to positions (issue 8)
    ...MATCHING_ENTITIES,
  ],
});
