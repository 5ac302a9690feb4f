import { MOCK_QUESTION_COUNT } from '@yunzhao/contracts';
import type {
  CandidateRequest,
  ClientEvent,
  ConnectTransportRequest,
  ConsumerRequest,
  CreateTransportRequest,
  FocusRequest,
  JoinRequest,
  JsonObject,
  MediaKind,
  MediaSource,
  MockQuestionRequest,
  ProduceRequest,
  ProducerRequest,
  RestartIceRequest,
  TransportDirection,
} from '@yunzhao/contracts';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

/**
 * One DTO per signaling message. Unknown fields are refused; mediasoup's own
 * structures (capabilities, DTLS and RTP parameters) are checked to be
 * objects here and validated in depth by mediasoup.
 */
const ID_LENGTH = 64;

export class EmptyDto {}

export class JoinDto implements JoinRequest {
  @IsObject()
  rtpCapabilities: JsonObject;

  @IsOptional()
  @IsBoolean()
  resume?: boolean;
}

export class CreateTransportDto implements CreateTransportRequest {
  @IsIn(['send', 'recv'])
  direction: TransportDirection;
}

export class ConnectTransportDto implements ConnectTransportRequest {
  @IsString()
  @MaxLength(ID_LENGTH)
  transportId: string;

  @IsObject()
  dtlsParameters: JsonObject;
}

export class RestartIceDto implements RestartIceRequest {
  @IsString()
  @MaxLength(ID_LENGTH)
  transportId: string;
}

export class ProduceDto implements ProduceRequest {
  @IsString()
  @MaxLength(ID_LENGTH)
  transportId: string;

  @IsIn(['audio', 'video'])
  kind: MediaKind;

  @IsObject()
  rtpParameters: JsonObject;

  @IsIn(['mic', 'camera', 'side'])
  source: MediaSource;
}

export class ProducerDto implements ProducerRequest {
  @IsString()
  @MaxLength(ID_LENGTH)
  producerId: string;
}

export class ConsumerDto implements ConsumerRequest {
  @IsString()
  @MaxLength(ID_LENGTH)
  consumerId: string;
}

export class CandidateDto implements CandidateRequest {
  @IsOptional()
  @IsString()
  @MaxLength(ID_LENGTH)
  candidateUserId?: string;
}

export class FocusDto implements FocusRequest {
  @ValidateIf((dto: FocusDto) => dto.candidateUserId !== null)
  @IsString()
  @MaxLength(ID_LENGTH)
  candidateUserId: string | null;
}

export class MockQuestionDto implements MockQuestionRequest {
  @IsInt()
  @Min(0)
  @Max(MOCK_QUESTION_COUNT - 1)
  index: number;
}

/** The DTO each message is validated with. */
export const MESSAGE_DTOS: Record<ClientEvent, new () => object> = {
  getRouterRtpCapabilities: EmptyDto,
  join: JoinDto,
  createTransport: CreateTransportDto,
  connectTransport: ConnectTransportDto,
  restartIce: RestartIceDto,
  ready: EmptyDto,
  produce: ProduceDto,
  closeProducer: ProducerDto,
  resumeConsumer: ConsumerDto,
  callIn: CandidateDto,
  sendBack: CandidateDto,
  endTurn: CandidateDto,
  focusCandidate: FocusDto,
  mockQuestion: MockQuestionDto,
};
