/**
 * The bare baseline: the same rooms, streams and receive graph through
 * routers set up directly with the mediasoup API (no platform code), with one
 * PlainTransport consumer per producer to a sink, in place of each recorder.
 */
import type { types as ms } from 'mediasoup';
import { randomBytes } from 'node:crypto';
import { findWorkerBinary } from '../../apps/media/src/workers/mediasoup.loader';
import type { GeneratorClient } from './generator-client';
import type { Load, LiveProducer } from './platform';
import { plainReceiveCapabilities, producerRtpParameters, receives, ROOM_SHAPE } from './shape';

const CODECS: ms.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
];

const rand32 = () => randomBytes(4).readUInt32BE(0) || 1;

export async function startBare(generator: GeneratorClient, workerCount: number): Promise<Load> {
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
    const sinkPort = await generator.addReceiver(sinkId);
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
    // One transport + consumer per producer, as each recorder has.
    for (const { producer } of published) {
      const transport = await router.createPlainTransport({
        listenIp: '127.0.0.1',
        rtcpMux: false,
        comedia: false,
      });
      await transport.connect({ ip: '127.0.0.1', port: sinkPort, rtcpPort: sinkPort });
      await consume(transport, sinkId, producer);
    }
  }

  return {
    label: 'bare',
    producers,
    get rooms() {
      return rooms;
    },
    addRoom,
    workerPids: () => Promise.resolve(workers.map((w) => w.pid)),
    recorderPids: () => [],
    recordedSsrcs: () => new Set(),
    async close() {
      for (const worker of workers) worker.close();
    },
  };
}
