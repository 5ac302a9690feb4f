import { Logger } from '@nestjs/common';
import type {
  CandidateArea,
  JoinReply,
  MediaKind,
  MediaSource,
  Participant,
  RoomSnapshot,
  ServerToClientEvents,
  TransportDirection,
  TransportOptions,
  TurnState,
} from '@yunzhao/contracts';
import type { TimelineType } from '@yunzhao/timeline';
import type { types as ms } from 'mediasoup';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Peer, PeerIdentity, peerKey } from './peer';
import { RoomError } from './room-error';
import { TimelineWriter } from './timeline-writer';
import {
  areaOf,
  canReceive,
  mayPublish,
  nextCandidate,
  PeerView,
  replayRoomState,
  visibleParticipants,
} from './room-rules';

/** Delivers server events to one socket of this node. */
export type RoomOutbox = <E extends keyof ServerToClientEvents>(
  socketId: string,
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
) => void;

export interface RoomOptions {
  sessionId: string;
  mock: boolean;
  listenIp: string;
  announcedIp: string | undefined;
  peerGraceMs: number;
  roomGraceMs: number;
  /** A mock room calls its candidate in by itself after this delay. */
  mockCallInMs: number;
  outbox: RoomOutbox;
  /** Server-side recording of this room's producers (absent for mock rooms or when disabled). */
  recorder?: RoomRecorder;
  /** Writes a timeline row (skipped for mock rooms by the caller). */
  record: (
    type: TimelineType,
    actorUserId: string | null,
    payload: Record<string, unknown>,
  ) => Promise<void>;
}

/** What the room tells the recorders; they follow each producer's lifecycle from there. */
export interface RoomRecorder {
  producerCreated(router: ms.Router, producer: ms.Producer, owner: PeerIdentity): void;
  roomClosing(): void;
}

/** How long a transport may stay ICE-disconnected before its peer counts as gone. */
const ICE_DISCONNECTED_MS = 20_000;

/**
 * One interview session's live room: a mediasoup router, its peers, the
 * candidates' areas and the open turn. Every mutation runs through `serial`
 * so concurrent messages see and leave a consistent state.
 */
export class Room {
  private readonly logger = new Logger(Room.name);
  readonly events = new EventEmitter();
  private readonly peers = new Map<string, Peer>();
  private readonly candidateAreas = new Map<string, CandidateArea>();
  /** proctor user id → candidate user id being checked. */
  private readonly focus = new Map<string, string>();
  private turn: TurnState | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly timeline: TimelineWriter;
  private closeTimer: NodeJS.Timeout | undefined;
  private readonly mockTimers = new Set<NodeJS.Timeout>();
  closed = false;

  constructor(
    private router: ms.Router,
    public workerPid: number,
    private readonly options: RoomOptions,
  ) {
    this.timeline = new TimelineWriter(options.sessionId, (row) =>
      options.record(row.type, row.actorUserId, row.payload),
    );
  }

  get sessionId(): string {
    return this.options.sessionId;
  }

  get rtpCapabilities(): ms.RtpCapabilities {
    return this.router.rtpCapabilities;
  }

  /** Runs `work` after every earlier mutation of this room has finished. */
  serial<T>(work: () => Promise<T> | T): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  peerBySocket(socketId: string): Peer | undefined {
    return [...this.peers.values()].find((peer) => peer.socketId === socketId);
  }

  /**
   * Before anyone joins: where the candidates stood when this session's room last ran, and the
   * identity checks that were under way.
   */
  restore({ areas, turn, focus }: ReturnType<typeof replayRoomState>): void {
    for (const [userId, area] of areas) this.candidateAreas.set(userId, area);
    for (const [proctor, candidate] of focus) this.focus.set(proctor, candidate);
    this.turn = turn;
  }

  // ---- joining and leaving ----

  join(
    identity: PeerIdentity,
    socketId: string,
    rtpCapabilities: ms.RtpCapabilities,
    wantsResume: boolean,
    isSocketConnected: (socketId: string) => boolean,
  ): JoinReply {
    clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
    let peer = this.peers.get(peerKey(identity));
    let resumed = false;
    if (peer) {
      const previousSocket = peer.socketId;
      const blipped = !isSocketConnected(previousSocket);
      resumed = wantsResume && blipped && peer.transports.size > 0;
      if (!blipped) this.options.outbox(previousSocket, 'replaced');
      if (!resumed) peer.closeMedia();
      clearTimeout(peer.goneTimer);
      peer.goneTimer = undefined;
      peer.socketId = socketId;
    } else {
      peer = new Peer(randomUUID(), socketId, identity);
      this.peers.set(peer.key, peer);
      // A mock room is rehearsed from the start every time; a real room remembers where a candidate was.
      const rehearsal = this.options.mock && identity.device === 'main';
      if (
        identity.role === 'candidate' &&
        (rehearsal || !this.candidateAreas.has(identity.userId))
      ) {
        this.candidateAreas.set(identity.userId, 'waiting');
        if (rehearsal) this.turn = null;
      }
      this.log('peer.joined', identity.userId, {
        role: identity.role,
        device: identity.device,
        slot: identity.slot,
        area: this.participantOf(peer).area,
      });
    }
    // A mock room is rehearsed from the start on every entry; a real room remembers where a candidate was.
    if (!resumed) this.restartRehearsal(identity);
    peer.rtpCapabilities = rtpCapabilities;
    this.broadcastState();
    return { room: this.snapshotFor(peer), resumed };
  }

  /** The socket dropped: keep the peer for a grace period (a blip is not an exit). */
  socketGone(socketId: string): void {
    const peer = this.peerBySocket(socketId);
    if (!peer) return;
    clearTimeout(peer.goneTimer);
    peer.goneTimer = setTimeout(
      () => void this.serial(() => this.leave(peer, 'disconnected')),
      this.options.peerGraceMs,
    );
    peer.goneTimer.unref();
  }

  async leave(peer: Peer, reason: string): Promise<void> {
    if (this.peers.get(peer.key) !== peer) return;
    clearTimeout(peer.goneTimer);
    peer.closeMedia();
    this.peers.delete(peer.key);
    const { userId, role, device } = peer.identity;
    if (role === 'proctor') this.focus.delete(userId);
    if (role === 'candidate' && device === 'main') {
      for (const [proctor, candidate] of this.focus)
        if (candidate === userId) this.focus.delete(proctor);
    }
    this.log('peer.left', userId, { role, device, reason });
    this.broadcastState();
    await this.syncConsumers();
    if (this.peers.size === 0) {
      this.closeTimer = setTimeout(() => this.close(), this.options.roomGraceMs);
      this.closeTimer.unref();
    }
  }

  // ---- transports, producers, consumers ----

  async createTransport(peer: Peer, direction: TransportDirection): Promise<TransportOptions> {
    for (const existing of peer.transports.values()) {
      if ((existing.appData as { direction?: string }).direction === direction) existing.close();
    }
    const transport = await this.router.createWebRtcTransport({
      listenIps: [{ ip: this.options.listenIp, announcedIp: this.options.announcedIp }],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { direction },
    });
    peer.transports.set(transport.id, transport);
    if (direction === 'recv') peer.ready = false;
    transport.observer.once('close', () => {
      peer.transports.delete(transport.id);
      clearTimeout(peer.iceTimers.get(transport.id));
      peer.iceTimers.delete(transport.id);
    });
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed') void this.serial(() => this.leave(peer, 'dtls-failed'));
    });
    transport.on('icestatechange', (state) => {
      clearTimeout(peer.iceTimers.get(transport.id));
      peer.iceTimers.delete(transport.id);
      if (state !== 'disconnected') return;
      // The client restarts ICE on a blip; only a lasting loss counts as leaving.
      const timer = setTimeout(
        () => void this.serial(() => this.leave(peer, 'ice-disconnected')),
        ICE_DISCONNECTED_MS,
      );
      timer.unref();
      peer.iceTimers.set(transport.id, timer);
    });
    return {
      id: transport.id,
      iceParameters: { ...transport.iceParameters },
      iceCandidates: transport.iceCandidates.map((candidate) => ({ ...candidate })),
      dtlsParameters: { ...transport.dtlsParameters },
    };
  }

  private transportOf(peer: Peer, transportId: string): ms.WebRtcTransport {
    const transport = peer.transports.get(transportId);
    if (!transport) throw new RoomError('NOT_FOUND', { transportId });
    return transport;
  }

  async connectTransport(
    peer: Peer,
    transportId: string,
    dtlsParameters: ms.DtlsParameters,
  ): Promise<void> {
    await this.transportOf(peer, transportId).connect({ dtlsParameters });
  }

  async restartIce(peer: Peer, transportId: string): Promise<ms.IceParameters> {
    return this.transportOf(peer, transportId).restartIce();
  }

  async ready(peer: Peer): Promise<void> {
    if (!peer.recvTransport()) throw new RoomError('NOT_FOUND', { transport: 'recv' });
    peer.ready = true;
    await this.syncConsumers();
  }

  async produce(
    peer: Peer,
    transportId: string,
    kind: MediaKind,
    rtpParameters: ms.RtpParameters,
    source: MediaSource,
  ): Promise<string> {
    const { role, device } = peer.identity;
    if (!mayPublish(role, device, source, kind)) throw new RoomError('FORBIDDEN', { source, kind });
    const transport = this.transportOf(peer, transportId);
    for (const existing of peer.producers.values()) {
      if ((existing.appData as { source?: string }).source === source) existing.close();
    }
    const producer = await transport.produce({ kind, rtpParameters, appData: { source } });
    peer.producers.set(producer.id, producer);
    producer.observer.once('close', () => peer.producers.delete(producer.id));
    this.options.recorder?.producerCreated(this.router, producer, peer.identity);
    await this.syncConsumers();
    return producer.id;
  }

  closeProducer(peer: Peer, producerId: string): void {
    const producer = peer.producers.get(producerId);
    if (!producer) throw new RoomError('NOT_FOUND', { producerId });
    producer.close();
  }

  async resumeConsumer(peer: Peer, consumerId: string): Promise<void> {
    const consumer = peer.consumer(consumerId);
    if (!consumer) throw new RoomError('NOT_FOUND', { consumerId });
    await consumer.resume();
  }

  /**
   * Makes every ready peer consume exactly what the rules let it receive:
   * missing consumers are created (paused), forbidden ones closed. Called
   * after any change of peers, producers, areas or identity checks.
   */
  private async syncConsumers(): Promise<void> {
    const focus = this.focus;
    for (const viewer of this.peers.values()) {
      const transport = viewer.recvTransport();
      if (!viewer.ready || !transport || !viewer.rtpCapabilities) continue;
      const viewerView = this.viewOf(viewer);
      const allowed = new Set<string>();
      for (const source of this.peers.values()) {
        if (!canReceive(viewerView, this.viewOf(source), focus)) continue;
        for (const producer of source.producers.values()) {
          allowed.add(producer.id);
          if (viewer.consumersByProducer.has(producer.id)) continue;
          await this.consume(viewer, transport, source, producer);
        }
      }
      for (const [producerId, consumer] of viewer.consumersByProducer) {
        if (allowed.has(producerId)) continue;
        consumer.close();
        viewer.consumersByProducer.delete(producerId);
        this.options.outbox(viewer.socketId, 'consumerClosed', { consumerId: consumer.id });
      }
    }
  }

  private async consume(
    viewer: Peer,
    transport: ms.WebRtcTransport,
    source: Peer,
    producer: ms.Producer,
  ): Promise<void> {
    const rtpCapabilities = viewer.rtpCapabilities;
    if (!rtpCapabilities || !this.router.canConsume({ producerId: producer.id, rtpCapabilities }))
      return;
    let consumer: ms.Consumer;
    try {
      consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities,
        paused: true,
      });
    } catch (error) {
      // The producer or transport closed meanwhile: nothing to send.
      this.logger.debug({ err: error }, 'consumer not created');
      return;
    }
    viewer.consumersByProducer.set(producer.id, consumer);
    const forget = () => {
      if (viewer.consumersByProducer.get(producer.id) === consumer)
        viewer.consumersByProducer.delete(producer.id);
    };
    consumer.on('transportclose', forget);
    consumer.on('producerclose', () => {
      forget();
      this.options.outbox(viewer.socketId, 'consumerClosed', { consumerId: consumer.id });
    });
    this.options.outbox(viewer.socketId, 'newConsumer', {
      consumerId: consumer.id,
      producerId: producer.id,
      kind: consumer.kind,
      rtpParameters: { ...consumer.rtpParameters },
      peerId: source.id,
      userId: source.identity.userId,
      role: source.identity.role,
      source: (producer.appData as { source: MediaSource }).source,
    });
  }

  // ---- the chief's controls and the proctor's identity check ----

  async callIn(actorUserId: string, requested: string | undefined): Promise<string> {
    const inInterview = [...this.candidateAreas].find(([, area]) => area === 'interview');
    if (inInterview)
      throw new RoomError('ROOM_INTERVIEW_BUSY', { candidateUserId: inInterview[0] });
    const target =
      requested ?? nextCandidate(this.candidateStandings(), this.turn?.candidateUserId ?? null);
    const standing = this.candidateStandings().find((c) => c.userId === target);
    if (!target || !standing || standing.area !== 'waiting' || !standing.present)
      throw new RoomError('ROOM_NO_WAITING_CANDIDATE', { candidateUserId: target });
    this.candidateAreas.set(target, 'interview');
    for (const [proctor, candidate] of this.focus)
      if (candidate === target) this.focus.delete(proctor);
    if (this.turn?.candidateUserId !== target)
      this.turn = { candidateUserId: target, startedAt: new Date().toISOString() };
    this.log('candidate.calledIn', actorUserId, { candidateUserId: target, slot: standing.slot });
    await this.afterAreaChange();
    return target;
  }

  async sendBack(actorUserId: string, requested: string | undefined): Promise<string> {
    const target = requested ?? this.turn?.candidateUserId;
    if (!target || this.candidateAreas.get(target) !== 'interview')
      throw new RoomError('NOT_FOUND', { candidateUserId: target });
    this.candidateAreas.set(target, 'waiting');
    this.log('candidate.sentBack', actorUserId, { candidateUserId: target });
    await this.afterAreaChange();
    return target;
  }

  async endTurn(actorUserId: string, requested: string | undefined): Promise<string> {
    const target = requested ?? this.turn?.candidateUserId;
    const area = target ? this.candidateAreas.get(target) : undefined;
    if (!target || (area !== 'interview' && area !== 'waiting'))
      throw new RoomError('NOT_FOUND', { candidateUserId: target });
    this.candidateAreas.set(target, 'done');
    if (this.turn?.candidateUserId === target) this.turn = null;
    this.log('turn.ended', actorUserId, { candidateUserId: target });
    await this.afterAreaChange();
    return target;
  }

  async focusCandidate(proctorUserId: string, candidateUserId: string | null): Promise<void> {
    const previous = this.focus.get(proctorUserId);
    if (candidateUserId === null) {
      if (!previous) return;
      this.focus.delete(proctorUserId);
      this.log('identityCheck.ended', proctorUserId, { candidateUserId: previous });
    } else {
      if (this.candidateAreas.get(candidateUserId) !== 'waiting')
        throw new RoomError('ROOM_NO_WAITING_CANDIDATE', { candidateUserId });
      this.focus.set(proctorUserId, candidateUserId);
      this.log('identityCheck.started', proctorUserId, { candidateUserId });
    }
    await this.afterAreaChange();
  }

  /** A refused message is evidence: the timeline keeps it. */
  refused(userId: string, event: string, code: string): void {
    this.log('message.refused', userId, { event, code });
  }

  private async afterAreaChange(): Promise<void> {
    this.broadcastState();
    await this.syncConsumers();
  }

  private restartRehearsal(identity: PeerIdentity): void {
    if (!this.options.mock || identity.role !== 'candidate' || identity.device !== 'main') return;
    this.candidateAreas.set(identity.userId, 'waiting');
    this.turn = null;
    for (const timer of this.mockTimers) clearTimeout(timer);
    this.mockTimers.clear();
    const timer = setTimeout(() => {
      this.mockTimers.delete(timer);
      void this.serial(async () => {
        // With training staff in the room (playing the chief), the trainer calls the candidate in.
        const trainerPresent = [...this.peers.values()].some(
          (p) => p.identity.role === 'chief_examiner',
        );
        if (this.candidateAreas.get(identity.userId) === 'waiting' && !trainerPresent)
          await this.callIn(identity.userId, identity.userId).catch(() => undefined);
      });
    }, this.options.mockCallInMs);
    timer.unref();
    this.mockTimers.add(timer);
  }

  // ---- worker death ----

  /** The worker under this room died: move to a new router and have every client rebuild its media. */
  rebuild(router: ms.Router, workerPid: number): void {
    this.router = router;
    this.workerPid = workerPid;
    this.watchRouter();
    for (const peer of this.peers.values()) {
      peer.closeMedia();
      this.options.outbox(peer.socketId, 'roomRebuilt', { reason: 'worker-died' });
    }
    this.log('room.rebuilt', null, { workerPid });
  }

  watchRouter(): void {
    const router = this.router;
    router.observer.once('close', () => {
      if (router !== this.router) return;
      // Peers keep their places; their media comes back when the room is rebuilt.
      for (const peer of this.peers.values()) peer.closeMedia();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.closeTimer);
    for (const timer of this.mockTimers) clearTimeout(timer);
    this.options.recorder?.roomClosing();
    for (const peer of this.peers.values()) {
      clearTimeout(peer.goneTimer);
      peer.closeMedia();
    }
    this.peers.clear();
    this.router.close();
    this.events.emit('close');
  }

  // ---- views ----

  private viewOf(peer: Peer): PeerView {
    return this.participantOf(peer);
  }

  private participantOf(peer: Peer): Participant {
    const { userId, name, role, device, slot } = peer.identity;
    return {
      peerId: peer.id,
      userId,
      name,
      role,
      device,
      area: areaOf(role, this.candidateAreas.get(userId)),
      ...(slot === undefined ? {} : { slot }),
    };
  }

  private candidateStandings() {
    const mainPresent = new Set(
      [...this.peers.values()]
        .filter(
          (p) => p.identity.role === 'candidate' && p.identity.device === 'main' && !p.goneTimer,
        )
        .map((p) => p.identity.userId),
    );
    const slots = new Map(
      [...this.peers.values()].map((p) => [p.identity.userId, p.identity.slot] as const),
    );
    return [...this.candidateAreas].map(([userId, area]) => ({
      userId,
      area,
      slot: slots.get(userId),
      present: mainPresent.has(userId),
    }));
  }

  snapshotFor(peer: Peer): RoomSnapshot {
    const everyone = [...this.peers.values()].map((p) => this.participantOf(p));
    const self = this.participantOf(peer);
    const { role, userId } = peer.identity;
    let focusUserId: string | null = null;
    if (role === 'proctor') focusUserId = this.focus.get(userId) ?? null;
    if (role === 'candidate')
      focusUserId = [...this.focus].find(([, candidate]) => candidate === userId)?.[0] ?? null;
    const turn = role === 'candidate' && this.turn?.candidateUserId !== userId ? null : this.turn;
    return {
      sessionId: this.sessionId,
      mock: this.options.mock,
      self,
      participants: visibleParticipants(self, everyone, this.focus),
      turn,
      focusUserId,
    };
  }

  private broadcastState(): void {
    for (const peer of this.peers.values())
      this.options.outbox(peer.socketId, 'roomState', this.snapshotFor(peer));
  }

  private log(
    type: TimelineType,
    actorUserId: string | null,
    payload: Record<string, unknown>,
  ): void {
    this.timeline.write({ type, actorUserId, payload });
  }

  /** Resolves when every timeline row written so far is stored (tests, shutdown). */
  flushTimeline(): Promise<unknown> {
    return this.timeline.flush();
  }
}
