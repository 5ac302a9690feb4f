import { Device } from 'mediasoup-client';
import type { types as mc } from 'mediasoup-client';
import type {
  Ack,
  ClientEvent,
  ClientToServerEvents,
  MediaSource,
  NewConsumer,
  RoomError,
  RoomSnapshot,
  ServerToClientEvents,
  TransportOptions,
} from '../../../../../libs/contracts/src/room';
import { openSessionSocket } from './session-socket';
import type { SessionSocket, SignalingSocket } from './session-socket';

/**
 * The browser side of a live room: one signaling socket, one mediasoup-client
 * Device, a send and a recv transport. It rejoins by itself after a socket
 * blip, restarts ICE when the network path breaks, and rebuilds all media
 * when the SFU says its worker died (`roomRebuilt`).
 */

type RequestOf<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
type ReplyOf<E extends ClientEvent> =
  Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer R> ? R : never;

/** Events other processes (the api) broadcast into the room's channels. */
export type RoomBroadcastEvent =
  | 'questionDrawn'
  | 'questionRevealed'
  | 'scorePublished'
  | 'scoreConfirmed'
  | 'scoreCorrected'
  | 'mockQuestion'
  | 'resync';

export interface LocalSource {
  track: MediaStreamTrack;
  source: MediaSource;
}

export interface InboundStats {
  framesDecoded?: number;
  frameWidth?: number;
  frameHeight?: number;
  framesPerSecond?: number;
  totalSamplesReceived?: number;
  audioLevel?: number;
  packetsReceived: number;
  packetsLost: number;
}

export interface RemoteTrack extends Omit<NewConsumer, 'rtpParameters'> {
  track: MediaStreamTrack;
  stats: InboundStats | null;
}

export type RoomStatus =
  'connecting' | 'joined' | 'reconnecting' | 'refused' | 'replaced' | 'closed';

export interface RoomClientState {
  status: RoomStatus;
  room: RoomSnapshot | null;
  remote: RemoteTrack[];
  error: RoomError | null;
  /** How many times the media was rebuilt after the SFU lost a worker. */
  rebuilds: number;
}

export interface RoomClientOptions {
  mediaUrl: string;
  token: string;
  sessionId: string;
  /** A fresh pass from the api, asked for on every reconnection (the first one may have expired). */
  /** With several media nodes, each pass also says which node holds the session now. */
  renew?: () => Promise<{ token: string; mediaUrl?: string }>;
  sources: LocalSource[];
  /** A phone side camera only publishes. */
  receive: boolean;
  locale: string;
}

export class RoomRequestError extends Error {
  constructor(readonly error: RoomError) {
    super(error.message);
  }
}

function isErrorReply(reply: unknown): reply is { error: RoomError } {
  return typeof reply === 'object' && reply !== null && 'error' in reply;
}

const STATS_INTERVAL_MS = 1500;

export class RoomClient {
  private readonly signaling: SessionSocket;
  private readonly socket: SignalingSocket;
  private readonly device = new Device();
  private sendTransport: mc.Transport | null = null;
  private recvTransport: mc.Transport | null = null;
  private readonly consumers = new Map<string, mc.Consumer>();
  private readonly listeners = new Set<(state: RoomClientState) => void>();
  /** Media generation: consumers announced before a rebuild are stale after it. */
  private generation = 0;
  private flow: Promise<unknown> = Promise.resolve();
  private statsTimer: number | undefined;
  private restarting = new Set<string>();
  private closed = false;
  state: RoomClientState = {
    status: 'connecting',
    room: null,
    remote: [],
    error: null,
    rebuilds: 0,
  };

  constructor(private readonly options: RoomClientOptions) {
    // Follows the session to another media node when its node dies (see session-socket.ts).
    this.signaling = openSessionSocket({
      mediaUrl: options.mediaUrl,
      token: options.token,
      renew: options.renew,
      handshake: { sessionId: options.sessionId, locale: options.locale },
      // A refusal at the door is final; anything else is a network problem socket.io retries.
      onRefused: (error) => error && this.update({ status: 'refused', error }),
    });
    this.socket = this.signaling.socket;
    this.socket.on('connect', () => this.enqueue(() => this.joinFlow()));
    this.socket.on('disconnect', () => {
      // The peer keeps its place and its transports during the grace period, so the join resumes.
      if (!this.closed) this.update({ status: 'reconnecting' });
    });
    this.socket.on('roomState', (room) => this.update({ room }));
    this.socket.on('newConsumer', (consumer) => {
      const generation = this.generation;
      this.enqueue(() => this.consume(consumer, generation));
    });
    this.socket.on('consumerClosed', ({ consumerId }) => this.dropConsumer(consumerId));
    this.socket.on('roomRebuilt', () => {
      this.generation++;
      this.update({ rebuilds: this.state.rebuilds + 1 });
      this.enqueue(async () => {
        this.teardownMedia();
        await this.setupMedia();
      });
    });
    this.socket.on('replaced', () => {
      this.update({ status: 'replaced' });
      this.close();
    });
  }

  start(): void {
    this.socket.connect();
    this.statsTimer = window.setInterval(() => void this.pollStats(), STATS_INTERVAL_MS);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    window.clearInterval(this.statsTimer);
    this.teardownMedia();
    this.signaling.close();
    if (this.state.status !== 'replaced' && this.state.status !== 'refused')
      this.update({ status: 'closed' });
  }

  subscribe(listener: (state: RoomClientState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listens to a room event the api publishes (question draw); returns the unsubscribe. */
  onRoomEvent<E extends RoomBroadcastEvent>(
    event: E,
    listener: ServerToClientEvents[E],
  ): () => void {
    const untyped = this.socket as unknown as {
      on(event: string, listener: unknown): void;
      off(event: string, listener: unknown): void;
    };
    untyped.on(event, listener);
    return () => untyped.off(event, listener);
  }

  /** One signaling request; rejects with the server's error. */
  async request<E extends ClientEvent>(event: E, payload: RequestOf<E>): Promise<ReplyOf<E>> {
    // The typed map describes the ack as a callback; at runtime emitWithAck resolves with it.
    const untyped = this.socket.timeout(10_000) as unknown as {
      emitWithAck(event: string, payload: unknown): Promise<unknown>;
    };
    const reply = await untyped.emitWithAck(event, payload);
    if (isErrorReply(reply)) throw new RoomRequestError(reply.error);
    return reply as ReplyOf<E>;
  }

  /** The outbound RTP statistics of what this client sends (network test). */
  async sendStats(): Promise<RTCStatsReport | null> {
    return this.sendTransport ? this.sendTransport.getStats() : null;
  }

  private update(patch: Partial<RoomClientState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  private enqueue(work: () => Promise<void>): void {
    this.flow = this.flow.then(work).catch((error: unknown) => {
      if (this.closed) return;
      const roomError =
        error instanceof RoomRequestError
          ? error.error
          : {
              code: 'INTERNAL_ERROR' as const,
              message: error instanceof Error ? error.message : String(error),
            };
      this.update({ error: roomError });
    });
  }

  private async joinFlow(): Promise<void> {
    if (!this.device.loaded) {
      const { rtpCapabilities } = await this.request('getRouterRtpCapabilities', {});
      await this.device.load({ routerRtpCapabilities: rtpCapabilities as mc.RtpCapabilities });
    }
    const hasMedia = this.sendTransport !== null || this.recvTransport !== null;
    const reply = await this.request('join', {
      rtpCapabilities: { ...this.device.rtpCapabilities },
      resume: hasMedia,
    });
    this.update({ status: 'joined', room: reply.room, error: null });
    if (!reply.resumed) {
      this.generation++;
      this.teardownMedia();
      await this.setupMedia();
    }
  }

  private async setupMedia(): Promise<void> {
    if (this.options.sources.length > 0) {
      const transport = this.device.createSendTransport(
        (await this.request('createTransport', { direction: 'send' })) as mc.TransportOptions &
          TransportOptions,
      );
      this.wire(transport);
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        this.request('produce', {
          transportId: transport.id,
          kind,
          rtpParameters: { ...rtpParameters },
          source: appData.source as MediaSource,
        })
          .then(({ id }) => callback({ id }))
          .catch(errback);
      });
      this.sendTransport = transport;
      for (const { track, source } of this.options.sources) {
        if (track.readyState === 'ended') continue;
        await transport.produce({ track, appData: { source }, stopTracks: false });
      }
    }
    if (this.options.receive) {
      const transport = this.device.createRecvTransport(
        (await this.request('createTransport', { direction: 'recv' })) as mc.TransportOptions &
          TransportOptions,
      );
      this.wire(transport);
      this.recvTransport = transport;
      await this.request('ready', {});
    }
  }

  private wire(transport: mc.Transport): void {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.request('connectTransport', {
        transportId: transport.id,
        dtlsParameters: { ...dtlsParameters },
      })
        .then(() => callback())
        .catch(errback);
    });
    transport.on('connectionstatechange', (state) => {
      if (state === 'failed' || state === 'disconnected') void this.restartIce(transport);
    });
  }

  /** A network path broke: new ICE credentials, same transport, same media. */
  private async restartIce(transport: mc.Transport): Promise<void> {
    if (this.restarting.has(transport.id) || transport.closed || !this.socket.connected) return;
    this.restarting.add(transport.id);
    try {
      const { iceParameters } = await this.request('restartIce', { transportId: transport.id });
      await transport.restartIce({ iceParameters: iceParameters as unknown as mc.IceParameters });
    } catch {
      // The transport is gone (rebuild, rejoin): the new one takes over.
    } finally {
      this.restarting.delete(transport.id);
    }
  }

  private async consume(announced: NewConsumer, generation: number): Promise<void> {
    const transport = this.recvTransport;
    if (generation !== this.generation || !transport || transport.closed) return;
    const consumer = await transport.consume({
      id: announced.consumerId,
      producerId: announced.producerId,
      kind: announced.kind,
      rtpParameters: announced.rtpParameters as unknown as mc.RtpParameters,
    });
    this.consumers.set(consumer.id, consumer);
    const { rtpParameters: _unused, ...meta } = announced;
    void _unused;
    this.update({
      remote: [...this.state.remote, { ...meta, track: consumer.track, stats: null }],
    });
    await this.request('resumeConsumer', { consumerId: consumer.id });
  }

  private dropConsumer(consumerId: string): void {
    this.consumers.get(consumerId)?.close();
    this.consumers.delete(consumerId);
    this.update({ remote: this.state.remote.filter((r) => r.consumerId !== consumerId) });
  }

  private teardownMedia(): void {
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = null;
    this.recvTransport = null;
    this.consumers.clear();
    if (this.state.remote.length > 0) this.update({ remote: [] });
  }

  private async pollStats(): Promise<void> {
    if (this.consumers.size === 0) return;
    const remote = await Promise.all(
      this.state.remote.map(async (entry) => {
        const consumer = this.consumers.get(entry.consumerId);
        if (!consumer || consumer.closed) return entry;
        try {
          return { ...entry, stats: inboundStats(await consumer.getStats()) };
        } catch {
          return entry;
        }
      }),
    );
    // Consumers may have come or gone while the stats were read.
    const byId = new Map(remote.map((r) => [r.consumerId, r]));
    this.update({
      remote: this.state.remote.map((r) => ({
        ...r,
        stats: byId.get(r.consumerId)?.stats ?? r.stats,
      })),
    });
  }
}

/**
 * The decoded-media figures of one receiver. The inbound-rtp entry without a
 * codecId is mediasoup-client's bandwidth probe, not media: skipped.
 */
export function inboundStats(report: RTCStatsReport): InboundStats | null {
  let found: InboundStats | null = null;
  report.forEach((entry: Record<string, unknown>) => {
    if (entry.type !== 'inbound-rtp' || !entry.codecId) return;
    const num = (key: string) =>
      typeof entry[key] === 'number' ? (entry[key] as number) : undefined;
    found = {
      framesDecoded: num('framesDecoded'),
      frameWidth: num('frameWidth'),
      frameHeight: num('frameHeight'),
      framesPerSecond: num('framesPerSecond'),
      totalSamplesReceived: num('totalSamplesReceived'),
      audioLevel: num('audioLevel'),
      packetsReceived: num('packetsReceived') ?? 0,
      packetsLost: num('packetsLost') ?? 0,
    };
  });
  return found;
}
