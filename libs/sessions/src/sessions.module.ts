import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from '@yunzhao/accounts';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { NotificationsModule } from '@yunzhao/notifications';
import { ApplicationLookupService } from './application-lookup.service';
import { DrawRecordEntity } from './draw-record.entity';
import { MediaPlacementService } from './media-placement.service';
import { OrderDrawService } from './order-draw.service';
import { PanelDrawController, PublicPanelDrawController } from './panel-draw.controller';
import { PanelDrawService } from './panel-draw.service';
import { RecusalEntity } from './recusal.entity';
import { RecusalsService } from './recusals.service';
import { RoomAccessController } from './room-access.controller';
import { RoomAccessService } from './room-access.service';
import { ScheduleController } from './schedule.controller';
import { ScheduleService } from './schedule.service';
import { SessionParticipantEntity } from './session-participant.entity';
import { SessionSlotEntity } from './session-slot.entity';
import { InterviewSessionEntity } from './session.entity';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { SideCameraCodeEntity } from './side-camera-code.entity';

/** Interview sessions: panels, slots, order by lot, recusals, schedules and room tokens. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      InterviewSessionEntity,
      SessionParticipantEntity,
      SessionSlotEntity,
      RecusalEntity,
      DrawRecordEntity,
      SideCameraCodeEntity,
      UserEntity,
    ]),
    // Room tokens: HS256 with JWT_SECRET, issuer 'yunzhao' (see RoomTokenClaims).
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { issuer: 'yunzhao', algorithm: 'HS256' },
      }),
    }),
    NotificationsModule,
  ],
  controllers: [
    SessionsController,
    ScheduleController,
    RoomAccessController,
    PanelDrawController,
    PublicPanelDrawController,
  ],
  providers: [
    SessionsService,
    OrderDrawService,
    RecusalsService,
    RoomAccessService,
    ScheduleService,
    ApplicationLookupService,
    PanelDrawService,
    MediaPlacementService,
  ],
  exports: [SessionsService, RecusalsService, OrderDrawService],
})
export class SessionsModule {}
