import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
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
  ListenState,
  Locale,
  mayConnectionSend,
  MOCK_QUESTION_COUNT,
  MOCK_QUESTION_SECONDS,
  MockQuestionEvent,
  ROOM_ERROR_MESSAGES,
  ROOM_PERMISSIONS,
  RoomError as RoomErrorBody,
  RoomConnectionMode,
  RoomErrorCode,
  RoomSnapshot,
  RoomTokenClaims,
  ServerToClientEvents,
  channelsFor,
  roomChannels,
} from '@yunzhao/contracts';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { types as ms } from 'mediasoup';
import type { Server, Socket } from 'socket.io';
import { Peer } from '../rooms/peer';
import { Room } from '../rooms/room';
import { RoomError } from '../rooms/room-error';
import { MediaNodeHeartbeat } from '../cluster/node-heartbeat.service';
import { DISABLED_ACCOUNTS_CHECK_MS, DisabledAccounts } from './disabled-accounts';
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
  MockQuestionDto,
  ProduceDto,
  ProducerDto,
  RestartIceDto,
} from './dto/room-messages.dto';
import {
  admissionRefusal,
  expiryDelayMs,
  readConnectionMode,
  readRoomClaims,
} from './room-admission';

type Ack = (reply: unknown) => void;

/** What the door middleware leaves on each admitted socket. */
interface SocketData {
  claims: RoomTokenClaims;
  locale: Locale;
  mode: RoomConnectionMode;
  /** The token's `exp` (epoch seconds), when it has one. */
  exp: number | undefined;
  /** Cuts the socket when its token expires. */
  expiryTimer?: NodeJS.Timeout;
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
export class SignalingGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  private readonly logger = new Logger(SignalingGateway.name);
  private server!: Server;
  /** Last turn state sent to staff listeners, per session (JSON), so unchanged turns are not resent. */
  private readonly listenerTurns = new Map<string, string>();
  private accountsTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly jwt: JwtService,
    private readonly rooms: RoomRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cluster: MediaNodeHeartbeat,
    private readonly accounts: DisabledAccounts,
  ) {}

  afterInit(server: Server): void {
    this.server = server;
    this.rooms.useOutbox((socketId, event, ...args) => this.deliver(socketId, event, args));
    this.cluster.events.on('sessionLost', (sessionId: string) => this.moveAway(sessionId));
    server.use((socket, next) => void this.admit(socket, next));
    this.accountsTimer = setInterval(
      () => void this.cutDisabledAccounts(),
      DISABLED_ACCOUNTS_CHECK_MS,
    );
    this.accountsTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.accountsTimer);
  }

  /** Cuts the sockets of people whose account was disabled since they came in. */
  private async cutDisabledAccounts(): Promise<void> {
    const sockets = [...this.server.sockets.sockets.values()].filter(
      (socket) => (socket.data as Partial<SocketData>).claims,
    );
    if (sockets.length === 0) return;
    let disabled: Set<string>;
    try {
      disabled = await this.accounts.among([...new Set(sockets.map((s) => claimsOf(s).sub))]);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not check for disabled accounts; next time');
      return;
    }
    for (const socket of sockets) {
      const { sub, sid } = claimsOf(socket);
      if (!disabled.has(sub)) continue;
      this.logger.warn({ sessionId: sid, userId: sub }, 'account disabled: its socket is cut');
      socket.disconnect(true);
    }
  }

  /** The room door: a valid pass for this session, inside its window, on the node holding it. */
  private async admit(socket: Socket, next: (error?: Error) => void): Promise<void> {
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
    const mode = readConnectionMode(socket.handshake.auth?.mode);
    if (!mode) return next(refusal('VALIDATION_FAILED', locale));
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
    // The api issues no pass to a disabled account; one issued before it was disabled is void.
    if ((await this.accounts.among([claims.sub]).catch(() => new Set<string>())).has(claims.sub)) {
      this.logger.warn(
        { sessionId: claims.sid, userId: claims.sub },
        'refused a socket: the account is disabled',
      );
      return next(refusal('ROOM_TOKEN_INVALID', locale));
    }
    // With several nodes, a pass names the node that held the session when it was issued.
    if (await this.cluster.placedElsewhere(claims.sid).catch(() => false)) {
      this.logger.warn(
        { sessionId: claims.sid, userId: claims.sub },
        'refused a socket: the session is held by another media node',
      );
      return next(refusal('ROOM_MOVED', locale));
    }
    const exp = (payload as { exp?: unknown }).exp;
    (socket.data as SocketData) = {
      claims,
      locale,
      mode,
      exp: typeof exp === 'number' ? exp : undefined,
    };
    next();
  }

  /**
   * Another node took the session over (this one stalled): the room here closes and its sockets
   * are cut, so the clients come back with a fresh pass, which names the node holding it now.
   * Local sockets only: the Redis adapter would reach the other node's sockets too.
   */
  private moveAway(sessionId: string): void {
    this.rooms.get(sessionId)?.close();
    for (const socket of this.server.sockets.sockets.values())
      if ((socket.data as Partial<SocketData>).claims?.sid === sessionId) socket.disconnect(true);
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
    if (event === 'roomState') this.tellListeners(args[0] as RoomSnapshot);
  }

  /**
   * Staff listen-only connections follow the turn: derived from the room state
   * a staff peer is sent (a candidate's copy hides other candidates' turns).
   */
  private tellListeners(snapshot: RoomSnapshot): void {
    if (snapshot.self.role === 'candidate') return;
    const json = JSON.stringify(snapshot.turn);
    if (this.listenerTurns.get(snapshot.sessionId) === json) return;
    this.listenerTurns.set(snapshot.sessionId, json);
    const state: ListenState = { sessionId: snapshot.sessionId, turn: snapshot.turn };
    this.server.to(roomChannels.staffListeners(snapshot.sessionId)).emit('listenState', state);
  }

  /**
   * A room token is short-lived: when it expires the socket is told and cut.
   * The client reconnects with a fresh token from the api; its peer keeps its
   * place (and its media) through the peer grace period.
   */
  private watchExpiry(socket: Socket): void {
    const data = socket.data as SocketData;
    const delay = expiryDelayMs(data.exp, Date.now());
    if (delay === null) return;
    data.expiryTimer = setTimeout(() => {
      if (!socket.connected) return;
      this.logger.log(
        { sessionId: data.claims.sid, userId: data.claims.sub, mode: data.mode },
        'room token expired: socket cut',
      );
      socket.emit('tokenExpired', { expiredAt: new Date((data.exp ?? 0) * 1000).toISOString() });
      socket.disconnect(true);
    }, delay);
    data.expiryTimer.unref();
  }

  /** A listen-only connection: the room's broadcasts for its role, nothing else. */
  private async listen(socket: Socket): Promise<void> {
    const { claims } = socket.data as SocketData;
    const channels = channelsFor(claims.sid, claims.sub, claims.role);
    const staff = claims.role !== 'candidate';
    if (staff) channels.push(roomChannels.staffListeners(claims.sid));
    await socket.join(channels);
    if (!staff) return;
    if (!this.rooms.get(claims.sid)) this.listenerTurns.delete(claims.sid);
    const turn = this.listenerTurns.get(claims.sid);
    const state: ListenState = {
      sessionId: claims.sid,
      turn: turn ? (JSON.parse(turn) as ListenState['turn']) : null,
    };
    socket.emit('listenState', state);
  }

  handleConnection(socket: Socket): void {
    this.watchExpiry(socket);
    if ((socket.data as SocketData).mode === 'listen') void this.listen(socket);
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
    const data = socket.data as Partial<SocketData>;
    clearTimeout(data.expiryTimer);
    const claims = data.claims;
    // A listen-only connection is no peer: nothing in the room to keep or release.
    if (!claims || data.mode === 'listen') return;
    const room = this.rooms.get(claims.sid);
    if (room) void room.serial(() => room.socketGone(socket.id));
  }

  private async receive(socket: Socket, event: ClientEvent, args: unknown[]): Promise<void> {
    const last = args.at(-1);
    const ack: Ack = typeof last === 'function' ? (last as Ack) : () => undefined;
    const payload = typeof last === 'function' ? args.slice(0, -1)[0] : args[0];
    const { claims, locale, mode } = socket.data as SocketData;
    const fail = (code: RoomErrorCode, details?: unknown) =>
      ack({
        error: {
          code,
          message: ROOM_ERROR_MESSAGES[code][locale],
          ...(details ? { details } : {}),
        },
      });
    try {
      if (!mayConnectionSend(mode, claims.role, event)) {
        this.logger.warn(
          { sessionId: claims.sid, userId: claims.sub, role: claims.role, mode, event },
          'refused a room message the role or connection may not send',
        );
        this.rooms.get(claims.sid)?.refused(claims.sub, event, 'FORBIDDEN');
        return fail('FORBIDDEN', {
          event,
          role: claims.role,
          ...(mode === 'listen' ? { mode } : {}),
        });
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
    let dto: object;
    let errors: Awaited<ReturnType<typeof validate>>;
    try {
      dto = plainToInstance(target, payload);
      errors = await validate(dto, {
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
      });
    } catch (error) {
      // A payload nested thousands deep overflows the validators' recursion (RangeError);
      // validator.js throws URIError on a lone surrogate. Both are bad input, not a crash.
      if (!(error instanceof RangeError) && !(error instanceof URIError)) throw error;
      return { violations: [{ field: 'body', constraints: ['isObject'] }] };
    }
    if (errors.length === 0) return { dto };
    return {
      violations: errors.map((e) => ({
        field: e.property,
        constraints: Object.keys(e.constraints ?? {}),
      })),
    };
  }

  /** The trainer of a mock room shows a sample question: everyone in the room gets it with its timer. */
  private showMockQuestion(claims: RoomTokenClaims, index: number): MockQuestionEvent {
    // A real session's questions come from the draw, never from here.
    if (claims.mock !== true) throw new RoomError('FORBIDDEN', { event: 'mockQuestion' });
    const shownAt = new Date();
    const question: MockQuestionEvent = {
      index,
      total: MOCK_QUESTION_COUNT,
      seconds: MOCK_QUESTION_SECONDS,
      shownAt: shownAt.toISOString(),
      endsAt: new Date(shownAt.getTime() + MOCK_QUESTION_SECONDS * 1000).toISOString(),
    };
    this.server.to(roomChannels.all(claims.sid)).emit('mockQuestion', question);
    return question;
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
        case 'mockQuestion':
          return this.showMockQuestion(claims, (dto as MockQuestionDto).index);
        default:
          throw new RoomError('NOT_FOUND', { event });
      }
    });
  }
}
