/**
 * The bare baseline: the same rooms, streams and receive graph through
 * routers set up directly with the mediasoup API (no platform code), with one
 * PlainTransport consumer per producer feeding an ffmpeg, as each recorder has
 * (the recorder's ffmpeg command line and SDP; see `BareSinks`).
 */
import type { types as ms } from 'mediasoup';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  boundUdpPorts,
  PortAllocator,
  PortPair,
} from '../../apps/media/src/recording/port-allocator';
import { ffmpegArgs, recorderSdp } from '../../apps/media/src/recording/sdp';
import { findWorkerBinary } from '../../apps/media/src/workers/mediasoup.loader';
import type { GeneratorClient } from './generator-client';
import type { Load, LiveProducer } from './platform';
import { plainReceiveCapabilities, producerRtpParameters, receives, ROOM_SHAPE } from './shape';

const CODECS: ms.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
];

const rand32 = () => randomBytes(4).readUInt32BE(0) || 1;

/**
 * What stands in for each recorder: `ffmpeg` (default) = the recorder's own ffmpeg command,
 * one process per producer, as the platform runs them; `socket` = one UDP socket of the
 * generator per room (the first baseline: cheaper for the worker, see README); `none` = no
 * recorder consumers (compare with BENCH_RECORDING=false).
 */
export type BareSinks = 'ffmpeg' | 'socket' | 'none';

export function bareSinks(recording: boolean): BareSinks {
  const value = process.env.BENCH_BARE_SINKS ?? (recording ? 'ffmpeg' : 'none');
  if (value !== 'ffmpeg' && value !== 'socket' && value !== 'none')
    throw new Error(`BENCH_BARE_SINKS must be ffmpeg, socket or none, not ${value}`);
  return value;
}

export async function startBare(
  generator: GeneratorClient,
  workerCount: number,
  sinks: BareSinks = 'ffmpeg',
): Promise<Load> {
  process.env.MEDIASOUP_WORKER_BIN ??= findWorkerBinary(undefined);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mediasoup = require('mediasoup') as typeof import('mediasoup');
  const workers: ms.Worker[] = [];
  for (let i = 0; i < workerCount; i++)
    workers.push(
      await mediasoup.createWorker({
        logLevel: 'error',
        rtcMinPort: 50000 + i * 2000,
        rtcMaxPort: 51999 + i * 2000,
      }),
    );
  const producers: LiveProducer[] = [];
  let rooms = 0;
  const ffmpegs: ChildProcess[] = [];
  const sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-bench-bare-'));
  const sinkPorts = new PortAllocator({
    minPort: 46000,
    maxPort: 47999,
    busyPorts: boundUdpPorts,
    randomStart: true,
  });

  async function addRoom(): Promise<void> {
    const n = rooms++;
    const router = await workers[n % workers.length].createRouter({ mediaCodecs: CODECS });
    const caps = plainReceiveCapabilities(router.rtpCapabilities) as ms.RtpCapabilities;
    const roomId = `bare-${n}`;
    const recvTransports = new Map<string, { transport: ms.PlainTransport; receiverId: string }>();
    for (const seat of ROOM_SHAPE) {
      const receiverId = `${roomId}/${seat.key}`;
      const port = await generator.addReceiver(receiverId);
      const transport = await router.createPlainTransport({
        listenIp: '127.0.0.1',
        rtcpMux: true,
        comedia: false,
      });
      await transport.connect({ ip: '127.0.0.1', port });
      recvTransports.set(seat.key, { transport, receiverId });
    }
    const sinkId = `${roomId}/recorders`;
    const sinkPort = sinks === 'socket' ? await generator.addReceiver(sinkId) : 0;
    const published: { seat: string; producer: ms.Producer }[] = [];
    for (const seat of ROOM_SHAPE) {
      if (seat.video === null) continue;
      const send = await router.createPlainTransport({
        listenIp: '127.0.0.1',
        rtcpMux: true,
        comedia: true,
      });
      const streams = [
        { kind: 'video' as const, profile: seat.video, payloadType: 96, ssrc: rand32() },
        { kind: 'audio' as const, profile: 'audio' as const, payloadType: 111, ssrc: rand32() },
      ];
      for (const s of streams) {
        const producer = await send.produce({
          kind: s.kind,
          rtpParameters: producerRtpParameters(
            s.kind,
            s.ssrc,
            `${roomId}/${seat.key}`,
          ) as ms.RtpParameters,
        });
        published.push({ seat: seat.key, producer });
        producers.push({
          sessionId: roomId,
          producerId: producer.id,
          ssrc: s.ssrc,
          kind: s.kind,
          seat: seat.key,
          producedAt: Date.now(),
        });
      }
      await generator.request({
        op: 'addSender',
        id: `${roomId}/${seat.key}`,
        host: '127.0.0.1',
        port: send.tuple.localPort,
        streams: streams.map(({ profile, ssrc, payloadType }) => ({ profile, ssrc, payloadType })),
      });
    }
    const consume = async (
      transport: ms.PlainTransport,
      receiverId: string,
      producer: ms.Producer,
    ) => {
      const consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities: caps,
        paused: true,
      });
      await generator.request({
        op: 'expect',
        receiverId,
        ssrc: consumer.rtpParameters.encodings?.[0]?.ssrc ?? 0,
        clockRate: consumer.rtpParameters.codecs[0].clockRate,
      });
      await consumer.resume();
    };
    for (const viewer of ROOM_SHAPE) {
      const { transport, receiverId } = recvTransports.get(viewer.key) as {
        transport: ms.PlainTransport;
        receiverId: string;
      };
      for (const { seat, producer } of published) {
        const source = ROOM_SHAPE.find((s) => s.key === seat);
        if (source && receives(viewer, source)) await consume(transport, receiverId, producer);
      }
    }
    // One transport + consumer per producer, as each recorder has, feeding what stands in for it.
    if (sinks === 'none') return;
    const waiting: { consumer: ms.Consumer; ports: PortPair; child: ChildProcess }[] = [];
    for (const { producer } of published) {
      const transport = await router.createPlainTransport({
        listenIp: '127.0.0.1',
        rtcpMux: false,
        comedia: false,
      });
      if (sinks === 'socket') {
        await transport.connect({ ip: '127.0.0.1', port: sinkPort, rtcpPort: sinkPort });
        await consume(transport, sinkId, producer);
        continue;
      }
      // The recorder's own ffmpeg command and SDP (no platform runtime: two pure functions).
      const consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities: caps,
        paused: true,
      });
      const ports = sinkPorts.allocate();
      if (!ports) throw new Error('bare baseline: no free port pair for an ffmpeg sink');
      await transport.connect({ ip: '127.0.0.1', port: ports.rtp, rtcpPort: ports.rtcp });
      const child = spawn('ffmpeg', ffmpegArgs(path.join(sinkDir, `${producer.id}.webm`), 'webm'), {
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(recorderSdp(consumer.rtpParameters, producer.kind, ports));
      ffmpegs.push(child);
      waiting.push({ consumer, ports, child });
    }
    // As the recorder does: resume once ffmpeg listens on its ports.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const bound = boundUdpPorts();
      const ready = waiting.every(
        ({ ports, child }) =>
          child.exitCode !== null || (bound.has(ports.rtp) && bound.has(ports.rtcp)),
      );
      if (ready || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const { consumer } of waiting) await consumer.resume();
  }

  return {
    label: 'bare',
    producers,
    get rooms() {
      return rooms;
    },
    addRoom,
    workerPids: () => Promise.resolve(workers.map((w) => w.pid)),
    recorderPids: () =>
      ffmpegs.flatMap((child) => (child.exitCode === null && child.pid ? [child.pid] : [])),
    // With ffmpeg sinks the generator does not see what the recorders get: count it as the platform does.
    recordedSsrcs: () =>
      sinks === 'ffmpeg' ? new Set(producers.map((p) => p.ssrc)) : new Set<number>(),
    async close() {
      for (const worker of workers) worker.close();
      await Promise.all(
        ffmpegs.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
      fs.rmSync(sinkDir, { recursive: true, force: true });
    },
  };
}
