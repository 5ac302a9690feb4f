import type { Logger } from '@nestjs/common';
import type { types as ms } from 'mediasoup';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FfmpegPool, FfmpegProcess } from './ffmpeg-pool';
import { boundUdpPorts, PortAllocator, PortPair } from './port-allocator';
import type { NewRecording, RecordingStore } from './recording-store';
import { containerFor, recorderSdp, segmentStorageKey } from './sdp';

/** Whose producer is recorded, as the room knows them. */
export interface RecordedOwner {
  sessionId: string;
  userId: string;
  role: string;
  device: string;
}

export interface RecorderDeps {
  dir: string;
  /** Starts the ffmpegs (warm ones when it has them). */
  ffmpeg: FfmpegPool;
  nodeId: string;
  ports: PortAllocator;
  store: RecordingStore;
  timeline: (type: RecordingTimelineType, payload: Record<string, unknown>) => Promise<void>;
  logger: Logger;
  /** True once the node is shutting down: a recorder then never restarts. */
  shuttingDown: () => boolean;
}

/**
 * A terminal's Ctrl-C reaches ffmpeg (same process group) as fast as it reaches
 * the node: an ffmpeg that ended by a signal gets this long for the node's own
 * shutdown to begin before it counts as died.
 */
const SIGNALLED_EXIT_GRACE_MS = 300;

export type RecordingTimelineType = 'recording.started' | 'recording.gap' | 'recording.stopped';

/** When the consumer is resumed and keyframes are asked for, counted from the resume. */
const KEYFRAME_DELAYS_MS = [200, 500, 1000, 1500, 3000];
/** How often a video recorder checks that its file still grows. */
const STALL_CHECK_MS = 1000;
/**
 * ffmpeg binds its ports within this; the consumer is resumed as soon as it has. A warm
 * ffmpeg binds ~10 ms after its SDP; a cold one needs its start-up (~1 s, more when loaded).
 */
const BIND_WAIT_MS = 1500;
const BIND_POLL_MS = 10;
/** How long a SIGINT may take to finalise the file before SIGKILL (ffmpeg waits out the silence). */
const STOP_TIMEOUT_MS = 10_000;
/** How often a new recorder looks for the producer's first packet, and for how long. */
const FIRST_PACKET_POLL_MS = 100;
const FIRST_PACKET_WAIT_MS = 120_000;
/** A segment that lived this long was healthy: the back-off starts over. */
const HEALTHY_SEGMENT_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;

interface Segment {
  id: string;
  seq: number;
  ports: PortPair;
  output: string;
  startedAt: Date;
  transport: ms.PlainTransport;
  consumer: ms.Consumer;
  ffmpeg: FfmpegProcess;
  /** Set when we asked ffmpeg to stop: its exit is then expected. */
  stopRequested: boolean;
  timers: NodeJS.Timeout[];
}

export interface RecorderStatus {
  recordingId: string | undefined;
  producerId: string;
  sessionId: string;
  userId: string;
  kind: string;
  state: 'starting' | 'recording' | 'restarting' | 'stopping' | 'stopped';
  segmentId: string | undefined;
  seq: number;
  pid: number | undefined;
  ports: PortPair | undefined;
  storageKey: string | undefined;
}

/**
 * Records one producer: a PlainTransport + paused consumer on the room's
 * router feeding one ffmpeg process (codec copy into WebM/Matroska). Each
 * ffmpeg process writes one segment. If ffmpeg dies, the segment is closed
 * ('recorder-died'), a new one starts at once on new ports, and the gap goes
 * on the session timeline; repeated deaths back off but are always logged.
 * Every step runs through one chain, so stop() never races a (re)start.
 */
export class Recorder {
  recordingId: string | undefined;
  /** The recording's row, kept until it is stored (see saveRecording). */
  private newRecording: NewRecording | undefined;
  private recordingSaved: Promise<void> | undefined;
  private segment: Segment | undefined;
  private seq = 0;
  private state: RecorderStatus['state'] = 'starting';
  private chain: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** The segment that died and when: the gap the next segment closes. */
  private gap: { from: Date; segmentId: string } | undefined;
  private readonly kind: 'audio' | 'video';
  private readonly mimeType: string;
  private readonly container: 'webm' | 'mkv';

  constructor(
    private readonly router: ms.Router,
    private readonly producer: ms.Producer,
    private readonly owner: RecordedOwner,
    private readonly deps: RecorderDeps,
    private readonly startedAt = new Date(),
  ) {
    this.kind = producer.kind;
    this.mimeType = producer.rtpParameters.codecs[0]?.mimeType ?? `${producer.kind}/unknown`;
    this.container = containerFor(this.mimeType);
  }

  get producerId(): string {
    return this.producer.id;
  }

  get sessionId(): string {
    return this.owner.sessionId;
  }

  status(): RecorderStatus {
    const segment = this.segment;
    return {
      recordingId: this.recordingId,
      producerId: this.producer.id,
      sessionId: this.owner.sessionId,
      userId: this.owner.userId,
      kind: this.kind,
      state: this.state,
      segmentId: segment?.id,
      seq: this.seq,
      pid: segment?.ffmpeg.pid,
      ports: segment?.ports,
      storageKey: segment && this.storageKey(segment.seq),
    };
  }

  private serial(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work, work);
    this.chain = next.catch((error: unknown) =>
      this.deps.logger.error({ err: error, ...this.ids() }, 'recorder step failed'),
    );
    return next;
  }

  private ids() {
    return {
      sessionId: this.owner.sessionId,
      producerId: this.producer.id,
      recordingId: this.recordingId,
    };
  }

  private storageKey(seq: number): string {
    return segmentStorageKey(this.owner.sessionId, this.recordingId!, seq, this.container);
  }

  /**
   * Starts the first segment; the recording's row is written alongside it (see startSegment).
   * A row that cannot be written is tried again with each new attempt at a segment.
   */
  start(): Promise<void> {
    return this.serial(async () => {
      if (this.stopping) return;
      const source = (this.producer.appData as { source?: string }).source ?? this.kind;
      this.recordingId = randomUUID();
      this.newRecording = {
        id: this.recordingId,
        sessionId: this.owner.sessionId,
        userId: this.owner.userId,
        role: this.owner.role,
        device: this.owner.device,
        source,
        kind: this.kind,
        producerId: this.producer.id,
        mimeType: this.mimeType,
        startedAt: this.startedAt,
      };
      await this.startSegmentOrRetry();
      this.watchFirstPacket();
      await this.deps.timeline('recording.started', {
        recordingId: this.recordingId,
        producerId: this.producer.id,
        userId: this.owner.userId,
        role: this.owner.role,
        device: this.owner.device,
        source,
        kind: this.kind,
        segmentId: this.segment?.id ?? null,
      });
    });
  }

  /**
   * A producer exists before its sender's transport carries media (ICE and DTLS
   * take a moment). The recording's start becomes the first packet seen once
   * ffmpeg listens: the later of the producer's first packet and the recorder
   * being ready, which is second 0 of the first segment's file. With a warm
   * ffmpeg (FfmpegPool) the recorder listens a few hundred milliseconds after
   * the producer is created, usually before its first packet; only a recorder
   * the pool could not serve waits out ffmpeg's start-up (1-2.5 s when loaded).
   */
  private watchFirstPacket(): void {
    const recordingId = this.recordingId;
    const segmentId = this.segment?.id;
    if (!recordingId || !segmentId) return;
    const deadline = Date.now() + FIRST_PACKET_WAIT_MS;
    const poll = async (): Promise<void> => {
      if (this.stopping || this.producer.closed || Date.now() > deadline) return;
      const stats = await this.producer.getStats().catch(() => []);
      if (stats.some((entry) => entry.packetCount > 0)) {
        await this.deps.store.markLive(recordingId, segmentId, new Date());
        return;
      }
      const timer = setTimeout(() => void poll().catch(() => undefined), FIRST_PACKET_POLL_MS);
      timer.unref();
    };
    void poll().catch((error: unknown) =>
      this.deps.logger.warn({ err: error, ...this.ids() }, 'first packet not recorded'),
    );
  }

  /** Stops ffmpeg (SIGINT finalises the file), closes the segment and the recording. Idempotent. */
  stop(reason: string, endedAt = new Date()): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.restartTimer);
      this.restartTimer = undefined;
      await this.serial(async () => {
        this.state = 'stopping';
        // A recording whose row was never stored has nothing to close.
        if (!this.recordingId || !this.recordingSaved) return;
        const recording = { id: this.recordingId, endedAt };
        const segment = this.segment;
        if (segment) {
          await this.endSegment(segment, reason, recording);
        } else {
          await this.deps.store.closeRecording(recording.id, endedAt);
        }
        await this.deps.timeline('recording.stopped', {
          recordingId: this.recordingId,
          producerId: this.producer.id,
          userId: this.owner.userId,
          reason,
          segments: this.seq,
          ...(this.gap ? { unrecoveredGapFrom: this.gap.from.toISOString() } : {}),
        });
      });
      this.state = 'stopped';
    })();
    return this.stopping;
  }

  private async startSegmentOrRetry(): Promise<void> {
    try {
      await this.startSegment();
      this.state = 'recording';
    } catch (error) {
      if (this.stopping || this.producer.closed) return;
      if (this.segment && !this.segment.ffmpeg.hasExited) {
        // ffmpeg runs; only its warm-up failed. Its exit, if it comes, restarts it.
        this.deps.logger.warn({ err: error, ...this.ids() }, 'recorder warm-up failed');
        this.state = 'recording';
        return;
      }
      this.failures++;
      this.deps.logger.error(
        { err: error, ...this.ids(), failures: this.failures },
        'recorder could not start a segment; retrying',
      );
      this.scheduleRestart();
    }
  }

  /** The recording's row, written once; a failed write is forgotten so the next attempt retries. */
  private saveRecording(): Promise<void> {
    const row = this.newRecording;
    if (!row) return Promise.reject(new Error('the recording has not started'));
    this.recordingSaved ??= this.deps.store.createRecording(row).then(
      () => undefined,
      (error: unknown) => {
        this.recordingSaved = undefined;
        throw error;
      },
    );
    return this.recordingSaved;
  }

  private async startSegment(): Promise<void> {
    const begun = Date.now();
    let transport: ms.PlainTransport | undefined;
    let ports: PortPair | undefined;
    let ffmpeg: FfmpegProcess | undefined;
    const seq = ++this.seq;
    const id = randomUUID();
    const storageKey = this.storageKey(seq);
    const output = path.join(this.deps.dir, storageKey);
    const startedAt = new Date();
    // The rows are written while mediasoup sets up the transport and consumer: every millisecond
    // before the consumer resumes is missing from the file. Both are stored before ffmpeg starts.
    const stored = this.saveRecording().then(() =>
      this.deps.store.openSegment({
        id,
        recordingId: this.recordingId!,
        seq,
        storageKey,
        container: this.container,
        recorderNode: this.deps.nodeId,
        startedAt,
      }),
    );
    stored.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    try {
      transport = await this.router.createPlainTransport({
        listenIp: { ip: '127.0.0.1' },
        rtcpMux: false,
        comedia: false,
        appData: { recorder: true },
      });
      const codec = this.router.rtpCapabilities.codecs?.find(
        (c) => c.kind === this.kind && c.mimeType.toLowerCase() === this.mimeType.toLowerCase(),
      );
      if (!codec) throw new Error(`the router offers no ${this.mimeType}`);
      const consumer = await transport.consume({
        producerId: this.producer.id,
        rtpCapabilities: { codecs: [codec], headerExtensions: [] },
        paused: true,
        appData: { recorder: true },
      });
      await fs.promises.mkdir(path.dirname(output), { recursive: true });
      await stored;
      const prepared = Date.now();
      // Ports last: the pair is checked free here and ffmpeg binds it milliseconds later.
      ports = this.deps.ports.allocate();
      if (!ports) throw new Error('no free recorder port pair (RECORDING_MIN_PORT..MAX_PORT)');
      const pair = ports;
      await transport.connect({ ip: '127.0.0.1', port: pair.rtp, rtcpPort: pair.rtcp });
      ffmpeg = await this.deps.ffmpeg.launch(
        this.container,
        output,
        recorderSdp(consumer.rtpParameters, this.kind, pair),
      );
      const segment: Segment = {
        id,
        seq,
        ports: pair,
        output,
        startedAt,
        transport,
        consumer,
        ffmpeg,
        stopRequested: false,
        timers: [],
      };
      void ffmpeg.exited.then(() => {
        // Only now is the port pair free again (after a cool-down).
        this.deps.ports.release(pair);
        if (!segment.stopRequested) void this.serial(() => this.onDied(segment));
      });
      this.segment = segment;
      // The consumer dies with the router (worker death): nothing more will arrive.
      transport = undefined; // owned by the segment from here on
      await this.resumeWhenListening(segment, { prepareMs: prepared - begun });
    } catch (error) {
      transport?.close();
      if (ports && !ffmpeg) this.deps.ports.release(ports);
      // Settled before a retry writes its own rows. A row no running ffmpeg took over is closed
      // here (a segment whose ffmpeg runs ends through that ffmpeg's exit or stop).
      const rowWritten = await stored.then(
        () => true,
        () => false,
      );
      if (rowWritten && this.segment?.id !== id) {
        await this.deps.store
          .abandonSegment(id, new Date(), error instanceof Error ? error.message : String(error))
          .catch((failure: unknown) =>
            this.deps.logger.error(
              { err: failure, ...this.ids() },
              'could not close a segment row',
            ),
          );
      }
      throw error;
    }
  }

  /** Resumes the consumer once ffmpeg listens on its ports, then asks for keyframes. */
  private async resumeWhenListening(
    segment: Segment,
    timings: { prepareMs: number },
  ): Promise<void> {
    const launched = Date.now();
    const deadline = launched + BIND_WAIT_MS;
    while (Date.now() < deadline && !segment.ffmpeg.hasExited) {
      const bound = boundUdpPorts();
      if (bound.has(segment.ports.rtp) && bound.has(segment.ports.rtcp)) break;
      await new Promise((resolve) => setTimeout(resolve, BIND_POLL_MS));
    }
    if (segment.ffmpeg.hasExited || segment.consumer.closed) return;
    await segment.consumer.resume();
    this.deps.logger.log(
      {
        ...this.ids(),
        segmentId: segment.id,
        seq: segment.seq,
        pid: segment.ffmpeg.pid,
        warm: segment.ffmpeg.warm,
        // Transport, consumer and segment row; then ffmpeg binding its ports.
        ...timings,
        listenMs: Date.now() - launched,
        // From the producer's creation (the first segment) or the segment's start.
        readyAfterMs:
          Date.now() - (segment.seq === 1 ? this.startedAt : segment.startedAt).getTime(),
      },
      'recorder listening; consumer resumed',
    );
    if (this.kind === 'video') this.askForKeyframes(segment);
    if (this.gap) {
      const gap = this.gap;
      this.gap = undefined;
      await this.deps.timeline('recording.gap', {
        recordingId: this.recordingId,
        producerId: this.producer.id,
        userId: this.owner.userId,
        from: gap.from.toISOString(),
        to: segment.startedAt.toISOString(),
        gapMs: segment.startedAt.getTime() - gap.from.getTime(),
        endedSegmentId: gap.segmentId,
        newSegmentId: segment.id,
      });
    }
  }

  /**
   * ffmpeg cannot ask for a keyframe itself (it sends no RTCP feedback) and
   * drops everything after a lost packet until the next one. So: ask right
   * away and at 0.2, 0.5, 1, 1.5 and 3 s (a loaded browser can be slow to answer), then whenever the file has not grown for a
   * second (not started yet, or stuck after a loss).
   */
  private askForKeyframes(segment: Segment): void {
    const ask = () => {
      if (!segment.consumer.closed && !segment.ffmpeg.hasExited)
        segment.consumer.requestKeyFrame().catch(() => undefined);
    };
    ask();
    for (const delay of KEYFRAME_DELAYS_MS) {
      const timer = setTimeout(ask, delay);
      timer.unref();
      segment.timers.push(timer);
    }
    let lastSize = -1;
    const watch = setInterval(() => {
      if (segment.ffmpeg.hasExited || segment.consumer.closed) return clearInterval(watch);
      fs.promises
        .stat(segment.output)
        .then(
          (stat) => stat.size,
          () => 0,
        )
        .then((size) => {
          if (size <= lastSize && !segment.consumer.paused && !segment.consumer.producerPaused)
            ask();
          lastSize = size;
        })
        .catch(() => undefined);
    }, STALL_CHECK_MS);
    watch.unref();
    segment.timers.push(watch);
  }

  /** ffmpeg exited without being asked: close its segment and start the next one. */
  private async onDied(segment: Segment): Promise<void> {
    if (this.segment !== segment) return;
    const diedAt = await segment.ffmpeg.exited;
    const { exitCode, signalCode } = segment.ffmpeg.child;
    if (exitCode === 255 || signalCode === 'SIGINT' || signalCode === 'SIGTERM')
      await new Promise((resolve) => setTimeout(resolve, SIGNALLED_EXIT_GRACE_MS));
    if (this.deps.shuttingDown()) {
      // Not a crash: the node is stopping and ffmpeg got the same signal. stop() closes the segment.
      segment.stopRequested = true;
      return;
    }
    this.segment = undefined;
    this.releaseMedia(segment);
    const lived = diedAt.getTime() - segment.startedAt.getTime();
    if (lived >= HEALTHY_SEGMENT_MS) this.failures = 0;
    this.failures++;
    // Exit 0 unasked: ffmpeg heard nothing for SILENCE_TIMEOUT_S and closed its file (a
    // network loss, a paused sender). Not a crash, but still a gap and a new segment.
    const { child, stderrTail } = segment.ffmpeg;
    const silent = child.exitCode === 0 && !child.signalCode;
    this.deps.logger[silent ? 'warn' : 'error'](
      {
        ...this.ids(),
        segmentId: segment.id,
        pid: segment.ffmpeg.pid,
        exitCode: child.exitCode,
        signal: child.signalCode,
        failures: this.failures,
        stderr: stderrTail.trim().split('\n').slice(-5).join('\n'),
      },
      silent
        ? 'recorder ffmpeg ended after silence; starting a new segment'
        : 'recorder ffmpeg died; starting a new segment',
    );
    this.gap ??= { from: diedAt, segmentId: segment.id };
    await this.deps.store.closeSegment(
      segment.id,
      diedAt,
      silent ? 'producer-silent' : 'recorder-died',
    );
    if (this.stopping || this.producer.closed || this.deps.shuttingDown()) return;
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    this.state = 'restarting';
    // The first restart is immediate; a recorder that keeps dying backs off.
    const delay = this.failures <= 1 ? 0 : Math.min(500 * 2 ** (this.failures - 2), MAX_BACKOFF_MS);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.serial(async () => {
        if (this.stopping || this.producer.closed) return;
        await this.startSegmentOrRetry();
      });
    }, delay);
    this.restartTimer.unref();
  }

  private async endSegment(
    segment: Segment,
    reason: string,
    recording: { id: string; endedAt: Date },
  ): Promise<void> {
    segment.stopRequested = true;
    for (const timer of segment.timers) clearInterval(timer);
    const { child } = segment.ffmpeg;
    if (!segment.ffmpeg.hasExited) {
      // SIGINT finalises the file at ffmpeg's next packet; with the producer gone none
      // comes, and ffmpeg ends (trailer written) after SILENCE_TIMEOUT_S of silence.
      // A second SIGINT would interrupt the trailer itself.
      child.kill('SIGINT');
      const killer = setTimeout(() => {
        this.deps.logger.warn(
          { ...this.ids(), segmentId: segment.id, pid: segment.ffmpeg.pid },
          'ffmpeg did not finish after SIGINT; killing it (finalisation will remux the file)',
        );
        child.kill('SIGKILL');
      }, STOP_TIMEOUT_MS);
      await segment.ffmpeg.exited;
      clearTimeout(killer);
    }
    const endedAt = await segment.ffmpeg.exited;
    this.deps.logger.log(
      {
        ...this.ids(),
        segmentId: segment.id,
        reason,
        exitCode: child.exitCode,
        signal: child.signalCode,
        stderr: segment.ffmpeg.stderrTail.trim().split('\n').slice(-5).join('\n'),
      },
      'recorder segment ended',
    );
    this.segment = undefined;
    this.releaseMedia(segment);
    await this.deps.store.closeSegment(segment.id, endedAt, reason, recording);
  }

  private releaseMedia(segment: Segment): void {
    for (const timer of segment.timers) clearInterval(timer);
    segment.transport.close();
  }
}
