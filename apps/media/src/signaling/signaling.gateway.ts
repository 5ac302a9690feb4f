import { Inject, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import {
  ClientEvent,
  Locale,
  mayRoleSend,
  ROOM_ERROR_MESSAGES,
  ROOM_PERMISSIONS,
  RoomError as RoomErrorBody,
  RoomErrorCode,
  RoomTokenClaims,
  ServerToClientEvents,
  channelsFor,
} from '@yunzhao/contracts';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { types as ms } from 'mediasoup';
import type { Server, Socket } from 'socket.io';
import { Peer } from '../rooms/peer';
import { Room } from '../rooms/room';
import { RoomError } from '../rooms/room-error';
import { RoomRegistry } from '../rooms/room-registry.service';
import {
  CandidateDto,
  ConnectTransportDto,
  ConsumerDto,
  CreateTransportDto,
  EmptyDto,
  FocusDto,
  JoinDto,
  MESSAGE_DTOS,
  ProduceDto,
  ProducerDto,
  RestartIceDto,
} from './dto/room-messages.dto';
import { admissionRefusal, readRoomClaims } from './room-admission';

type Ack = (reply: unknown) => void;

/** What the door middleware leaves on each admitted socket. */
interface SocketData {
  claims: RoomTokenClaims;
  locale: Locale;
}

const claimsOf = (socket: Socket): RoomTokenClaims => (socket.data as SocketData).claims;

function localeOf(socket: Socket): Locale {
  const asked: unknown = socket.handshake.auth?.locale;
  const header = socket.handshake.headers['accept-language'] ?? '';
  return asked === 'en' || (asked === undefined && header.startsWith('en')) ? 'en' : 'zh-CN';
}

/** A connect_error the client can read: `error.message` is the code, `error.data` has the words. */
function refusal(code: RoomErrorCode, locale: Locale): Error & { data: RoomErrorBody } {
  const error = new Error(code) as Error & { data: RoomErrorBody };
  error.data = { code, message: ROOM_ERROR_MESSAGES[code][locale] };
  return error;
}

/**
 * The media node's signaling endpoint, under closed management: a socket
 * enters only with a room token for the session it asks for, inside the
 * session's window; every message is checked against the role's permissions
 * and its DTO, and answered through its ack, errors included.
 */
@WebSocketGateway({ path: '/socket.io' })
export class SignalingGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(SignalingGateway.name);
  private server!: Server;

  constructor(
    private readonly jwt: JwtService,
    private readonly rooms: RoomRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(server: Server): void {
    this.server = server;
    this.rooms.useOutbox((socketId, event, ...args) => this.deliver(socketId, event, args));
    server.use((socket, next) => {
      const locale = localeOf(socket);
      const token: unknown = socket.handshake.auth?.token;
      let payload: unknown;
      try {
        if (typeof token !== 'string') throw new Error('missing token');
        payload = this.jwt.verify<object>(token);
      } catch {
        this.logger.warn(
          { address: socket.handshake.address },
          'refused a socket without a valid token',
        );
        return next(refusal('UNAUTHENTICATED', locale));
      }
      const claims = readRoomClaims(payload);
      const code = admissionRefusal(
        claims,
        socket.handshake.auth?.sessionId,
        Date.now() / 1000,
        this.config.rooms.earlyJoinMinutes * 60,
      );
      if (code || !claims) {
        this.logger.warn(
          { address: socket.handshake.address, code, sessionId: claims?.sid, userId: claims?.sub },
          'refused a socket at the room door',
        );
        return next(refusal(code ?? 'ROOM_TOKEN_INVALID', locale));
      }
      (socket.data as SocketData) = { claims, locale };
      next();
    });
  }

  private deliver<E extends keyof ServerToClientEvents>(
    socketId: string,
    event: E,
    args: Parameters<ServerToClientEvents[E]>,
  ): void {
    const socket = this.server.sockets.sockets.get(socketId);
    if (!socket) return;
    socket.emit(event, ...args);
    // A second tab of the same person and device took over: this one is done.
    if (event === 'replaced') socket.disconnect(true);
  }

  handleConnection(socket: Socket): void {
    for (const event of Object.keys(ROOM_PERMISSIONS) as ClientEvent[]) {
      socket.on(event, (...args: unknown[]) => void this.receive(socket, event, args));
    }
    // Liveness of the signaling path.
    socket.on('ping', (...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack === 'function')
        (ack as Ack)({
          pong: true,
          user: claimsOf(socket).sub,
          workers: this.config.media.workers,
        });
    });
  }

  handleDisconnect(socket: Socket): void {
    const claims = (socket.data as Partial<SocketData>).claims;
    if (!claims) return;
    const room = this.rooms.get(claims.sid);
    if (room) void room.serial(() => room.socketGone(socket.id));
  }

  private async receive(socket: Socket, event: ClientEvent, args: unknown[]): Promise<void> {
    const last = args.at(-1);
    const ack: Ack = typeof last === 'function' ? (last as Ack) : () => undefined;
    const payload = typeof last === 'function' ? args.slice(0, -1)[0] : args[0];
    const { claims, locale } = socket.data as SocketData;
    const fail = (code: RoomErrorCode, details?: unknown) =>
      ack({
        error: {
          code,
          message: ROOM_ERROR_MESSAGES[code][locale],
          ...(details ? { details } : {}),
        },
      });
    try {
      if (!mayRoleSend(claims.role, event)) {
        this.logger.warn(
          { sessionId: claims.sid, userId: claims.sub, role: claims.role, event },
          'refused a room message the role may not send',
        );
        this.rooms.get(claims.sid)?.refused(claims.sub, event, 'FORBIDDEN');
        return fail('FORBIDDEN', { event, role: claims.role });
      }
      const body = await this.validated(event, payload ?? {});
      if ('violations' in body) return fail('VALIDATION_FAILED', body.violations);
      ack(await this.dispatch(socket, claims, event, body.dto));
    } catch (error) {
      if (error instanceof RoomError) return fail(error.code, error.details);
      if (error instanceof TypeError)
        return fail('VALIDATION_FAILED', [{ field: 'body', messages: [error.message] }]);
      if (error instanceof Error && error.name === 'InvalidStateError')
        return fail('ROOM_MEDIA_UNAVAILABLE');
      this.logger.error({ err: error, event, sessionId: claims.sid }, 'room message failed');
      fail('INTERNAL_ERROR');
    }
  }

  private async validated(
    event: ClientEvent,
    payload: unknown,
  ): Promise<{ dto: object } | { violations: { field: string; constraints: string[] }[] }> {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
      return { violations: [{ field: 'body', constraints: ['isObject'] }] };
    const target = MESSAGE_DTOS[event];
    // A message without fields: class-validator has no metadata to check it against.
    if (target === EmptyDto) {
      const extra = Object.keys(payload);
      return extra.length === 0
        ? { dto: {} }
        : { violations: extra.map((field) => ({ field, constraints: ['whitelistValidation'] })) };
    }
    const dto = plainToInstance(target, payload);
    const errors = await validate(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
    });
    if (errors.length === 0) return { dto };
    return {
      violations: errors.map((e) => ({
        field: e.property,
        constraints: Object.keys(e.constraints ?? {}),
      })),
    };
  }

  private joined(room: Room | undefined, socket: Socket): { room: Room; peer: Peer } {
    const peer = room?.peerBySocket(socket.id);
    if (!room || !peer) throw new RoomError('ROOM_NOT_JOINED');
    return { room, peer };
  }

  private async dispatch(
    socket: Socket,
    claims: RoomTokenClaims,
    event: ClientEvent,
    dto: object,
  ): Promise<unknown> {
    const mock = claims.mock === true;
    if (event === 'getRouterRtpCapabilities') {
      const room = await this.rooms.obtain(claims.sid, mock);
      return { rtpCapabilities: room.rtpCapabilities };
    }
    if (event === 'join') {
      const { rtpCapabilities, resume } = dto as JoinDto;
      const room = await this.rooms.obtain(claims.sid, mock);
      // Channels let the api reach this socket's audience (panel, candidate, ...) through the Redis adapter.
      await socket.join(channelsFor(claims.sid, claims.sub, claims.role));
      const identity = {
        userId: claims.sub,
        name: claims.name,
        role: claims.role,
        device: claims.device,
        ...(claims.slot === undefined ? {} : { slot: claims.slot }),
      };
      return room.serial(() =>
        room.join(
          identity,
          socket.id,
          rtpCapabilities as unknown as ms.RtpCapabilities,
          resume === true,
          (socketId) => this.server.sockets.sockets.get(socketId)?.connected === true,
        ),
      );
    }
    const { room, peer } = this.joined(this.rooms.get(claims.sid), socket);
    return room.serial(async () => {
      // The peer may have been taken over or left while this message queued.
      if (room.peerBySocket(socket.id) !== peer) throw new RoomError('ROOM_NOT_JOINED');
      switch (event) {
        case 'createTransport':
          return room.createTransport(peer, (dto as CreateTransportDto).direction);
        case 'connectTransport': {
          const { transportId, dtlsParameters } = dto as ConnectTransportDto;
          await room.connectTransport(
            peer,
            transportId,
            dtlsParameters as unknown as ms.DtlsParameters,
          );
          return { ok: true };
        }
        case 'restartIce':
          return { iceParameters: await room.restartIce(peer, (dto as RestartIceDto).transportId) };
        case 'ready':
          await room.ready(peer);
          return { ok: true };
        case 'produce': {
          const { transportId, kind, rtpParameters, source } = dto as ProduceDto;
          const id = await room.produce(
            peer,
            transportId,
            kind,
            rtpParameters as unknown as ms.RtpParameters,
            source,
          );
          return { id };
        }
        case 'closeProducer':
          room.closeProducer(peer, (dto as ProducerDto).producerId);
          return { ok: true };
        case 'resumeConsumer':
          await room.resumeConsumer(peer, (dto as ConsumerDto).consumerId);
          return { ok: true };
        case 'callIn':
          return {
            candidateUserId: await room.callIn(claims.sub, (dto as CandidateDto).candidateUserId),
          };
        case 'sendBack':
          return {
            candidateUserId: await room.sendBack(claims.sub, (dto as CandidateDto).candidateUserId),
          };
        case 'endTurn':
          return {
            candidateUserId: await room.endTurn(claims.sub, (dto as CandidateDto).candidateUserId),
          };
        case 'focusCandidate':
          await room.focusCandidate(claims.sub, (dto as FocusDto).candidateUserId);
          return { ok: true };
        default:
          throw new RoomError('NOT_FOUND', { event });
      }
    });
  }
}
