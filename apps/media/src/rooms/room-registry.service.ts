import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { TimelineService } from '@yunzhao/timeline';
import type { types as ms } from 'mediasoup';
import { RecordingService } from '../recording/recording.service';
import { WorkerPool } from '../workers/worker-pool.service';
import { Room, RoomOutbox } from './room';
import { REPLAYED_EVENT_TYPES, replayRoomState } from './room-rules';

/** The codecs every room's router offers: what Chromium, Firefox and Safari all send. */
export const MEDIA_CODECS: ms.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90000,
    parameters: { 'x-google-start-bitrate': 1000 },
  },
];

/** A mock room calls its lone candidate in after this long. */
export const MOCK_CALL_IN_MS = 4000;

/**
 * The rooms of this media node, one per session. A room is created through a
 * factory serialised per session id, so two joins racing cannot build two
 * routers; it leaves the registry when it closes. When the worker pool
 * replaces a dead worker, every room that lived on it is rebuilt.
 */
@Injectable()
export class RoomRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RoomRegistry.name);
  private readonly rooms = new Map<string, Room>();
  private readonly creating = new Map<string, Promise<Room>>();
  private outbox: RoomOutbox = () => undefined;

  constructor(
    private readonly workers: WorkerPool,
    private readonly timeline: TimelineService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly recording: RecordingService,
  ) {}

  private readonly onWorkerReplaced = (event: { deadPid: number }) =>
    void this.rebuildRoomsOf(event.deadPid);

  onModuleInit(): void {
    this.workers.events.on('replaced', this.onWorkerReplaced);
  }

  onModuleDestroy(): void {
    this.workers.events.off('replaced', this.onWorkerReplaced);
    // Recorders end as 'node-stopped', not 'room-closed'; RecordingService awaits them.
    this.recording.beginShutdown();
    for (const room of this.rooms.values()) room.close();
  }

  /** The gateway hands over how to reach its sockets. */
  useOutbox(outbox: RoomOutbox): void {
    this.outbox = outbox;
  }

  get(sessionId: string): Room | undefined {
    const room = this.rooms.get(sessionId);
    return room && !room.closed ? room : undefined;
  }

  list(): Room[] {
    return [...this.rooms.values()];
  }

  obtain(sessionId: string, mock: boolean): Promise<Room> {
    const existing = this.get(sessionId);
    if (existing) return Promise.resolve(existing);
    let pending = this.creating.get(sessionId);
    if (!pending) {
      pending = this.create(sessionId, mock).finally(() => this.creating.delete(sessionId));
      this.creating.set(sessionId, pending);
    }
    return pending;
  }

  private async create(sessionId: string, mock: boolean): Promise<Room> {
    // A mock room is a rehearsal from scratch; a real one carries on where its timeline stops.
    const past = mock ? null : await this.pastAreas(sessionId);
    const worker = this.workers.leastLoaded();
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const { media } = this.config;
    const room = new Room(router, worker.pid, {
      sessionId,
      mock,
      listenIp: media.listenIp,
      announcedIp: media.announcedIp,
      peerGraceMs: media.peerGraceSeconds * 1000,
      roomGraceMs: media.roomGraceSeconds * 1000,
      mockCallInMs: MOCK_CALL_IN_MS,
      outbox: (socketId, event, ...args) => this.outbox(socketId, event, ...args),
      // Mock rooms are rehearsals: never recorded.
      recorder:
        mock || !this.recording.enabled
          ? undefined
          : {
              producerCreated: (router, producer, owner) =>
                this.recording.record(sessionId, router, producer, {
                  userId: owner.userId,
                  role: owner.role,
                  device: owner.device,
                }),
              roomClosing: () => this.recording.roomClosing(sessionId),
            },
      // Mock rooms are rehearsals: nothing of them goes on a session's record.
      record: mock
        ? () => Promise.resolve()
        : (type, actor, payload) => this.timeline.record(sessionId, type, actor, payload),
    });
    if (past) room.restore(past);
    room.watchRouter();
    room.events.once('close', () => {
      if (this.rooms.get(sessionId) === room) this.rooms.delete(sessionId);
    });
    this.rooms.set(sessionId, room);
    this.logger.log({ sessionId, workerPid: worker.pid, mock }, 'room opened');
    return room;
  }

  /** Without the database the room still opens, with everyone starting in the waiting room. */
  private async pastAreas(sessionId: string) {
    try {
      return replayRoomState(await this.timeline.list(sessionId, REPLAYED_EVENT_TYPES));
    } catch (error: unknown) {
      this.logger.warn(
        { err: error, sessionId },
        'room opened without its past: timeline unreadable',
      );
      return null;
    }
  }

  private async rebuildRoomsOf(deadPid: number): Promise<void> {
    for (const room of this.rooms.values()) {
      if (room.closed || room.workerPid !== deadPid) continue;
      await room
        .serial(async () => {
          const worker = this.workers.leastLoaded();
          const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
          room.rebuild(router, worker.pid);
          this.logger.warn(
            { sessionId: room.sessionId, deadPid, workerPid: worker.pid },
            'room rebuilt on a live worker',
          );
        })
        .catch((error: unknown) =>
          this.logger.error({ err: error, sessionId: room.sessionId }, 'room rebuild failed'),
        );
    }
  }
}
