import { Logger } from '@nestjs/common';
import type { types as ms } from 'mediasoup';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FfmpegPool } from './ffmpeg-pool';
import { PortAllocator } from './port-allocator';
import { Recorder, RecordingTimelineType } from './recorder';
import type { RecordingStore } from './recording-store';

/**
 * The recorder's supervision with a stand-in for ffmpeg (a shell that just
 * waits) and for mediasoup: what happens when the process dies, and on stop.
 * The real pipeline is covered by test/recording/capture.e2e-spec.ts.
 */
describe('Recorder supervision', () => {
  let dir: string;
  let fakeFfmpeg: string;
  const calls: string[] = [];
  const segments: { id: string; seq: number; storageKey: string }[] = [];
  const closed: { id: string; reason: string; recordingEnds: boolean }[] = [];
  const timeline: { type: RecordingTimelineType; payload: Record<string, unknown> }[] = [];
  /** The ids recorders chose for their recordings, in order. */
  const recordingIds: string[] = [];
  const store = {
    createRecording: (recording: { id: string }) => {
      recordingIds.push(recording.id);
      return Promise.resolve();
    },
    openSegment: (segment: { id: string; seq: number; storageKey: string }) => {
      segments.push(segment);
      return Promise.resolve();
    },
    closeSegment: (id: string, _at: Date, reason: string, recording?: unknown) => {
      closed.push({ id, reason, recordingEnds: recording !== undefined });
      return Promise.resolve();
    },
    markLive: (recordingId: string, segmentId: string) => {
      calls.push(`live:${recordingId}:${segmentId}`);
      return Promise.resolve();
    },
    closeRecording: () => {
      calls.push('closeRecording');
      return Promise.resolve();
    },
    abandonSegment: (id: string, _at: Date, problem: string) => {
      abandoned.push({ id, problem });
      return Promise.resolve();
    },
  } as unknown as RecordingStore;
  const abandoned: { id: string; problem: string }[] = [];

  const consumer = {
    closed: false,
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {} }],
      encodings: [{ ssrc: 1 }],
    },
    resume: () => {
      calls.push('resume');
      return Promise.resolve();
    },
    requestKeyFrame: () => {
      calls.push('keyframe');
      return Promise.resolve();
    },
  };
  const router = {
    rtpCapabilities: {
      codecs: [
        { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, preferredPayloadType: 101 },
      ],
    },
    createPlainTransport: () =>
      Promise.resolve({
        connect: (params: { port: number }) => {
          calls.push(`connect:${params.port}`);
          return Promise.resolve();
        },
        consume: () => Promise.resolve(consumer),
        close: () => calls.push('transport.close'),
      }),
  } as unknown as ms.Router;
  const producer = {
    id: 'producer-1',
    kind: 'video',
    closed: false,
    rtpParameters: { codecs: [{ mimeType: 'video/VP8' }] },
    appData: { source: 'camera' },
    // The sender's first packets arrive on the second look.
    getStats: jest
      .fn()
      .mockResolvedValueOnce([{ packetCount: 0 }])
      .mockResolvedValue([{ packetCount: 12 }]),
  } as unknown as ms.Producer;

  /** The ffmpeg pool, its one waiting process the stand-in shell. */
  const fakeFfmpegPool = () =>
    new FfmpegPool({ ffmpegBin: fakeFfmpeg, linkDir: dir, size: 1, logger: new Logger('spec') });

  /** A recorder of the candidate's camera on `on`, with the fakes above. */
  const makeRecorder = (
    on: ms.Router,
    sessionId: string,
    ports: PortAllocator,
    ffmpeg: FfmpegPool,
  ) =>
    new Recorder(
      on,
      producer,
      { sessionId, userId: 'user-1', role: 'candidate', device: 'main' },
      {
        dir,
        ffmpeg,
        nodeId: 'node-a',
        ports,
        store,
        timeline: (type, payload) => {
          timeline.push({ type, payload });
          return Promise.resolve();
        },
        logger: new Logger('spec'),
        shuttingDown: () => false,
      },
    );

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recorder-spec-'));
    fakeFfmpeg = path.join(dir, 'fake-ffmpeg.sh');
    fs.writeFileSync(fakeFfmpeg, '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces a dead ffmpeg on new ports, notes the gap, and stops cleanly', async () => {
    const ports = new PortAllocator({ minPort: 46000, maxPort: 46009, coolDownMs: 60_000 });
    const ffmpeg = fakeFfmpegPool();
    ffmpeg.warm('webm');
    const waiting = ffmpeg.idleCount;
    const recorder = makeRecorder(router, 'session-1', ports, ffmpeg);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await recorder.start();
    const first = recorder.status();
    expect(first).toMatchObject({ state: 'recording', seq: 1, ports: { rtp: 46000, rtcp: 46001 } });
    // The first segment got the waiting ffmpeg, and the pool spawned its replacement.
    expect(waiting).toBe(1);
    expect(ffmpeg.idleCount).toBe(1);
    // The recorder names its recording (the file's path needs it before the row is stored).
    expect(recordingIds).toEqual([recorder.recordingId]);
    const recordingId = recordingIds[0];
    expect(segments[0]).toMatchObject({ seq: 1, storageKey: `session-1/${recordingId}/0001.webm` });
    expect(calls).toEqual(expect.arrayContaining(['connect:46000', 'resume', 'keyframe']));
    expect(timeline.map((t) => t.type)).toEqual(['recording.started']);
    // Live from the first packet: the recording's start moves to that moment.
    const liveDeadline = Date.now() + 2000;
    while (!calls.includes(`live:${recordingId}:${first.segmentId}`)) {
      if (Date.now() > liveDeadline) throw new Error('first packet never marked');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    process.kill(first.pid!, 'SIGKILL');
    const deadline = Date.now() + 5000;
    while (recorder.status().seq < 2 || recorder.status().state !== 'recording') {
      if (Date.now() > deadline) throw new Error('no second segment');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = recorder.status();
    // New ports: the dead process's pair cools down before anyone gets it again.
    expect(second.ports).toEqual({ rtp: 46002, rtcp: 46003 });
    expect(second.pid).not.toBe(first.pid);
    expect(closed).toEqual([
      { id: first.segmentId, reason: 'recorder-died', recordingEnds: false },
    ]);
    const gap = timeline.find((t) => t.type === 'recording.gap');
    expect(gap?.payload).toMatchObject({
      recordingId,
      endedSegmentId: first.segmentId,
      newSegmentId: second.segmentId,
    });
    expect(Number(gap?.payload.gapMs)).toBeLessThan(2000);

    await recorder.stop('producer-closed');
    expect(recorder.status().state).toBe('stopped');
    expect(closed.at(-1)).toEqual({
      id: second.segmentId,
      reason: 'producer-closed',
      recordingEnds: true,
    });
    expect(ports.used).toBe(0);
    expect(() => process.kill(second.pid!, 0)).toThrow();
    expect(timeline.at(-1)).toMatchObject({
      type: 'recording.stopped',
      payload: { reason: 'producer-closed', segments: 2 },
    });
    // A second stop changes nothing.
    await recorder.stop('room-closed');
    expect(closed).toHaveLength(2);
    ffmpeg.close();
    expect(ffmpeg.idleCount).toBe(0);
  }, 20_000);
  it('closes the row of a segment that failed to start, and starts the next one', async () => {
    const ports = new PortAllocator({ minPort: 46100, maxPort: 46109, coolDownMs: 60_000 });
    const ffmpeg = fakeFfmpegPool();
    // mediasoup refuses the first transport (after the segment's row was written), then recovers.
    const flaky = {
      ...router,
      rtpCapabilities: router.rtpCapabilities,
      createPlainTransport: jest
        .fn()
        .mockRejectedValueOnce(new Error('worker busy'))
        .mockImplementation(() => router.createPlainTransport({} as never)),
    } as unknown as ms.Router;
    const before = segments.length;
    const recorder = makeRecorder(flaky, 'session-2', ports, ffmpeg);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await recorder.start();
    const deadline = Date.now() + 5000;
    while (recorder.status().state !== 'recording') {
      if (Date.now() > deadline) throw new Error('no segment started after the failure');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [failed, started] = segments.slice(before);
    expect(failed.seq).toBe(1);
    expect(abandoned).toEqual([{ id: failed.id, problem: 'worker busy' }]);
    expect(recorder.status()).toMatchObject({ seq: 2, segmentId: started.id });
    // The failed attempt held no port: the running segment has the first pair.
    expect(recorder.status().ports).toEqual({ rtp: 46100, rtcp: 46101 });
    await recorder.stop('producer-closed');
    expect(abandoned).toHaveLength(1);
    ffmpeg.close();
  }, 20_000);
});
