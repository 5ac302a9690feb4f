import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { TimelineService } from '@yunzhao/timeline';
import type { types as ms } from 'mediasoup';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { FfmpegPool } from './ffmpeg-pool';
import { boundUdpPorts, PortAllocator } from './port-allocator';
import { RecordedOwner, Recorder, RecorderStatus } from './recorder';
import { LeftoverSegment, RecordingStore } from './recording-store';

export interface RecordingStatus {
  enabled: boolean;
  /** Recorders of live producers (one ffmpeg each, or about to restart one). */
  recorders: number;
  portsInUse: number;
  portCapacity: number;
  /** Pre-spawned ffmpegs waiting for a producer: no port, no file, not recordings. */
  warmFfmpegs: number;
  details: RecorderStatus[];
}

/**
 * Warm ffmpegs kept ready per container in use (WebM for the rooms' VP8/Opus). Enough for a
 * panel entering together (camera + microphone each): a producer that finds the pool empty
 * waits for a cold ffmpeg and loses its first second or two. ~9 MB of memory each.
 */
const WARM_FFMPEGS = 8;
/** Private temp dirs of this service: `<prefix><pid>-<random>`. */
const TEMP_DIR_PREFIX = 'yunzhao-recorder-';

/**
 * Server-side recording of every producer of every real room on this node.
 * The room tells it when a producer appears; from then on the recorder
 * follows the producer's own lifecycle (its close, which also fires when its
 * transport, router or worker goes), the room's close and the node's
 * shutdown. At boot it closes what a previous run of this node left open.
 */
@Injectable()
export class RecordingService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RecordingService.name);
  private readonly recorders = new Map<string, Recorder>();
  private readonly pending = new Set<Promise<void>>();
  private readonly store: RecordingStore;
  private readonly ports: PortAllocator;
  /** Links from the output names of warm ffmpegs to segment files (see FfmpegPool). */
  private readonly linkDir = path.join(
    os.tmpdir(),
    `${TEMP_DIR_PREFIX}${process.pid}-${randomUUID().slice(0, 8)}`,
  );
  private readonly ffmpeg: FfmpegPool;
  private shuttingDown = false;
  private readonly bootedAt = new Date();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() dataSource: DataSource,
    private readonly timeline: TimelineService,
  ) {
    this.store = new RecordingStore(dataSource);
    this.ports = new PortAllocator({
      minPort: config.recording.minPort,
      maxPort: config.recording.maxPort,
      busyPorts: boundUdpPorts,
      randomStart: true,
    });
    this.ffmpeg = new FfmpegPool({
      ffmpegBin: config.recording.ffmpegBin,
      linkDir: this.linkDir,
      size: WARM_FFMPEGS,
      logger: this.logger,
    });
  }

  get enabled(): boolean {
    return this.config.recording.enabled;
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    await fs.promises.mkdir(this.config.recording.dir, { recursive: true });
    await this.removeStaleTempDirs();
    await fs.promises.mkdir(this.linkDir, { recursive: true });
    this.ffmpeg.warm('webm');
    // The api runs the migrations: a node may boot first, so the clean-up waits for the tables.
    void this.closeLeftoversWhenReady();
  }

  /**
   * Closes the segments a previous run of this node left 'recording' (as 'node-restarted'),
   * queues their finalisation and puts each stop on the session timeline. A crashed node's
   * recording stopped when its file was last written (ffmpeg flushes every packet), not when
   * this run booted: that is the end recorded, so the gap until the clients' producers are
   * recorded again shows on the timeline. Returns how many.
   */
  async closeLeftovers(): Promise<number> {
    const leftovers = await this.store.findLeftovers(this.config.media.nodeId, this.bootedAt);
    let closed = 0;
    for (const segment of leftovers) {
      const endedAt = await this.lastWritten(segment);
      if (await this.store.closeLeftover(segment, endedAt)) closed++;
    }
    if (closed > 0)
      this.logger.warn(
        { nodeId: this.config.media.nodeId, segments: closed },
        'closed recording segments a previous run left open; queued for finalisation',
      );
    return closed;
  }

  /** When a leftover segment's file was last written: its start if it has no file. */
  private async lastWritten(segment: LeftoverSegment): Promise<Date> {
    const file = path.join(this.config.recording.dir, ...segment.storageKey.split('/'));
    const modified = await fs.promises.stat(file).then(
      (stat) => stat.mtime.getTime(),
      () => 0,
    );
    const at = Math.min(Date.now(), Math.max(segment.startedAt.getTime(), modified));
    return new Date(at);
  }

  private async closeLeftoversWhenReady(): Promise<void> {
    for (let attempt = 1; !this.shuttingDown; attempt++) {
      try {
        await this.closeLeftovers();
        return;
      } catch (error) {
        const log = attempt % 15 === 0 ? 'error' : attempt === 1 ? 'warn' : 'debug';
        this.logger[log](
          { err: error, attempt },
          'leftover recording segments not closed yet; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, 2000).unref());
      }
    }
  }

  /**
   * Temp dirs of runs that are gone (a killed node): only links are in them.
   * Their waiting ffmpegs exited with the node (their stdin closed).
   */
  private async removeStaleTempDirs(): Promise<void> {
    const entries = await fs.promises.readdir(os.tmpdir()).catch(() => [] as string[]);
    for (const name of entries) {
      const pid = Number(/^yunzhao-recorder-(\d+)(?:-|$)/.exec(name)?.[1]);
      if (!pid || pid === process.pid || processAlive(pid)) continue;
      await fs.promises
        .rm(path.join(os.tmpdir(), name), { recursive: true, force: true })
        .catch(() => undefined);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.ffmpeg.close();
    await this.stopAll('node-stopped');
    await fs.promises.rm(this.linkDir, { recursive: true, force: true }).catch(() => undefined);
  }

  /** From now on every stop is a node stop (called first thing on shutdown). */
  beginShutdown(): void {
    this.shuttingDown = true;
    this.ffmpeg.close();
  }

  /** A producer of a real room appeared: record it until it closes. */
  record(
    sessionId: string,
    router: ms.Router,
    producer: ms.Producer,
    owner: Omit<RecordedOwner, 'sessionId'>,
  ): void {
    if (!this.enabled || producer.closed || this.shuttingDown) return;
    const recorder = new Recorder(
      router,
      producer,
      { sessionId, ...owner },
      {
        dir: this.config.recording.dir,
        ffmpeg: this.ffmpeg,
        nodeId: this.config.media.nodeId,
        ports: this.ports,
        store: this.store,
        timeline: (type, payload) => this.timeline.record(sessionId, type, null, payload),
        logger: this.logger,
        shuttingDown: () => this.shuttingDown,
      },
    );
    this.recorders.set(producer.id, recorder);
    producer.observer.once('close', () => {
      const reason = this.shuttingDown
        ? 'node-stopped'
        : router.closed
          ? 'router-closed'
          : 'producer-closed';
      this.stopRecorder(recorder, reason);
    });
    this.track(recorder.start());
  }

  /** The room is about to close its peers: its recorders end as 'room-closed' (the first reason wins). */
  roomClosing(sessionId: string): void {
    for (const recorder of this.recorders.values())
      if (recorder.sessionId === sessionId) this.stopRecorder(recorder, 'room-closed');
  }

  /** Stops every recorder (SIGINT, await exit, close segments) and waits for all of it. */
  async stopAll(reason: string): Promise<void> {
    this.shuttingDown = true;
    for (const recorder of this.recorders.values()) this.stopRecorder(recorder, reason);
    await this.idle();
  }

  /** Resolves when every start and stop begun so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  status(): RecordingStatus {
    const details = [...this.recorders.values()].map((r) => r.status());
    return {
      enabled: this.enabled,
      recorders: details.length,
      portsInUse: this.ports.used,
      portCapacity: this.ports.capacity,
      warmFfmpegs: this.ffmpeg.idleCount,
      details,
    };
  }

  private stopRecorder(recorder: Recorder, reason: string): void {
    this.track(
      recorder.stop(reason).finally(() => {
        if (this.recorders.get(recorder.producerId) === recorder)
          this.recorders.delete(recorder.producerId);
      }),
    );
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) =>
      this.logger.error({ err: error }, 'recorder start/stop failed'),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
