/**
 * The load generator, run as a child process of the bench (so its CPU is its
 * own and never counted as the SFU's). It replays pre-packetised RTP clips
 * into the SFU's PlainTransports and receives what the SFU forwards, counting
 * packets, loss and jitter per stream. Driven over the fork IPC channel.
 */
import * as dgram from 'node:dgram';
import { loadClip, PacketisedClip, ProfileName, profiles } from './clips';
import { keyFrameRequests, keyFrameStarts } from './keyframes';
import { StreamFigures, StreamStats } from './rtp-stats';

export type GeneratorCommand =
  | { op: 'init' }
  | { op: 'addReceiver'; id: string }
  | { op: 'expect'; receiverId: string; ssrc: number; clockRate: number }
  | {
      op: 'addSender';
      id: string;
      host: string;
      port: number;
      streams: { profile: ProfileName; ssrc: number; payloadType: number }[];
    }
  | { op: 'resetWindow' }
  | { op: 'snapshot' }
  | { op: 'clear' };

export interface ReceiverStreamFigures extends StreamFigures {
  receiverId: string;
  ssrc: number;
}

export interface GeneratorSnapshot {
  windowMs: number;
  /** Per stream: packets of the window, all packets, and when (epoch ms) the first one left. */
  sent: {
    senderId: string;
    ssrc: number;
    packets: number;
    totalPackets: number;
    firstSentAt: number | null;
    /** Key frame requests (PLI/FIR) from the SFU answered by jumping to a key frame. */
    keyFramesAnswered: number;
  }[];
  received: ReceiverStreamFigures[];
  /** Packets with an SSRC nobody told the receiver to expect. */
  unexpected: number;
}

export type GeneratorReply =
  | { op: 'ready' }
  | { op: 'receiverPort'; id: string; port: number }
  | { op: 'ok' }
  | { op: 'snapshot'; snapshot: GeneratorSnapshot }
  | { op: 'error'; message: string };

interface SendStream {
  clip: PacketisedClip;
  ssrc: number;
  payloadType: number;
  seq: number;
  tsBase: number;
  loop: number;
  index: number;
  loopStartMs: number;
  loopMs: number;
  sent: number;
  totalSent: number;
  firstSentAt: number | null;
  /** Packet indices where the clip's key frames start (empty for audio). */
  keyFrames: readonly number[];
  /** Added to the clip's RTP timestamps: what jumps to key frames skipped. */
  tsShift: number;
  keyFrameWanted: boolean;
  lastKeyFrameAt: number;
  keyFramesAnswered: number;
}

interface Sender {
  id: string;
  socket: dgram.Socket;
  host: string;
  port: number;
  streams: SendStream[];
}

interface Receiver {
  id: string;
  socket: dgram.Socket;
  clockRates: Map<number, number>;
  stats: Map<number, StreamStats>;
}

const clips = new Map<ProfileName, PacketisedClip>();
const keyFramesOf = new Map<ProfileName, number[]>();
/** A stream answers at most one key frame request per this long (a guard against request storms). */
const KEY_FRAME_MIN_INTERVAL_MS = 300;
const senders: Sender[] = [];
const receivers = new Map<string, Receiver>();
let unexpected = 0;
let windowStart = performance.now();
let ticker: NodeJS.Timeout | undefined;

const rand32 = () => Math.floor(Math.random() * 2 ** 32);

function tick(): void {
  const now = performance.now();
  for (const sender of senders) {
    for (const stream of sender.streams) {
      const { packets, clockRate } = stream.clip;
      for (;;) {
        if (stream.index >= packets.length) {
          stream.index = 0;
          stream.loop++;
          stream.loopStartMs += stream.loopMs;
        }
        if (stream.keyFrameWanted) jumpToKeyFrame(stream, now);
        const packet = packets[stream.index];
        if (stream.loopStartMs + (packet.ts * 1000) / clockRate > now) break;
        const header = Buffer.allocUnsafe(12);
        header[0] = 0x80;
        header[1] = (packet.marker ? 0x80 : 0) | stream.payloadType;
        header.writeUInt16BE(stream.seq, 2);
        const ts = stream.tsBase + stream.loop * stream.clip.loopTs + packet.ts + stream.tsShift;
        header.writeUInt32BE(((ts % 2 ** 32) + 2 ** 32) % 2 ** 32, 4);
        header.writeUInt32BE(stream.ssrc, 8);
        sender.socket.send([header, packet.payload], sender.port, sender.host);
        stream.seq = (stream.seq + 1) & 0xffff;
        stream.index++;
        stream.sent++;
        stream.totalSent++;
        stream.firstSentAt ??= Date.now();
      }
    }
  }
}

/**
 * A browser answers a keyframe request (PLI/FIR) with a key frame at once;
 * a replayed clip has one only every GOP. So the stream jumps ahead to the
 * clip's next key frame, sent in place of the next frame: at the same time
 * and with the same RTP timestamp that frame would have had (the skipped
 * stretch is taken out of the timestamps, so media time keeps pace with the
 * wall clock), and with consecutive sequence numbers (nothing looks lost).
 * Only at a frame boundary, so no frame is cut in two.
 */
function jumpToKeyFrame(stream: SendStream, now: number): void {
  const { packets, clockRate, loopTs } = stream.clip;
  const i = stream.index;
  if (i > 0 && packets[i].ts === packets[i - 1].ts) return;
  stream.keyFrameWanted = false;
  stream.lastKeyFrameAt = now;
  stream.keyFramesAnswered++;
  if (stream.keyFrames.includes(i)) return;
  let k = stream.keyFrames.find((index) => index > i);
  const wraps = k === undefined;
  k ??= stream.keyFrames[0];
  if (k === undefined) return;
  const dueMs = stream.loopStartMs + (packets[i].ts * 1000) / clockRate;
  const rtpTs = stream.loop * loopTs + packets[i].ts + stream.tsShift;
  if (wraps) stream.loop++;
  stream.index = k;
  stream.loopStartMs = dueMs - (packets[k].ts * 1000) / clockRate;
  stream.tsShift = rtpTs - stream.loop * loopTs - packets[k].ts;
}

function onRtcp(sender: Sender, datagram: Buffer): void {
  const now = performance.now();
  for (const ssrc of keyFrameRequests(datagram)) {
    const stream = sender.streams.find((s) => s.ssrc === ssrc);
    if (!stream || stream.keyFrames.length === 0) continue;
    if (now - stream.lastKeyFrameAt >= KEY_FRAME_MIN_INTERVAL_MS) stream.keyFrameWanted = true;
  }
}

async function handle(command: GeneratorCommand): Promise<GeneratorReply> {
  switch (command.op) {
    case 'init': {
      const all = profiles();
      for (const name of Object.keys(all) as ProfileName[]) {
        const clip = await loadClip(all[name], (line) =>
          process.stderr.write(`[generator] ${line}\n`),
        );
        clips.set(name, clip);
        keyFramesOf.set(name, all[name].kind === 'video' ? keyFrameStarts(clip.packets) : []);
      }
      ticker ??= setInterval(tick, 5);
      return { op: 'ready' };
    }
    case 'addReceiver': {
      const socket = dgram.createSocket('udp4');
      const receiver: Receiver = {
        id: command.id,
        socket,
        clockRates: new Map(),
        stats: new Map(),
      };
      socket.on('message', (msg) => {
        if (msg.length < 12 || msg[0] >> 6 !== 2 || (msg[1] >= 192 && msg[1] <= 223)) return;
        const ssrc = msg.readUInt32BE(8);
        let stats = receiver.stats.get(ssrc);
        if (!stats) {
          const clockRate = receiver.clockRates.get(ssrc);
          if (clockRate === undefined) {
            unexpected++;
            return;
          }
          stats = new StreamStats(clockRate);
          receiver.stats.set(ssrc, stats);
        }
        stats.onPacket(msg.readUInt16BE(2), msg.readUInt32BE(4), performance.now());
      });
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      socket.setRecvBufferSize(1024 * 1024);
      receivers.set(command.id, receiver);
      return { op: 'receiverPort', id: command.id, port: socket.address().port };
    }
    case 'expect': {
      const receiver = receivers.get(command.receiverId);
      if (!receiver) return { op: 'error', message: `no receiver ${command.receiverId}` };
      receiver.clockRates.set(command.ssrc, command.clockRate);
      return { op: 'ok' };
    }
    case 'addSender': {
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      socket.setSendBufferSize(1024 * 1024);
      // Streams start at random points of a second, so rooms do not send in lockstep.
      const start = performance.now() + Math.random() * 1000;
      const sender: Sender = {
        id: command.id,
        socket,
        host: command.host,
        port: command.port,
        streams: command.streams.map((s) => {
          const clip = clips.get(s.profile);
          if (!clip) throw new Error(`clip ${s.profile} not loaded`);
          return {
            clip,
            ssrc: s.ssrc,
            payloadType: s.payloadType,
            seq: rand32() & 0xffff,
            tsBase: rand32(),
            loop: 0,
            index: 0,
            loopStartMs: start,
            loopMs: (clip.loopTs * 1000) / clip.clockRate,
            sent: 0,
            totalSent: 0,
            firstSentAt: null,
            keyFrames: keyFramesOf.get(s.profile) ?? [],
            tsShift: 0,
            keyFrameWanted: false,
            lastKeyFrameAt: -Infinity,
            keyFramesAnswered: 0,
          };
        }),
      };
      // The SFU's RTCP for this sender (comedia: it answers to where the media came from).
      socket.on('message', (datagram) => onRtcp(sender, datagram));
      senders.push(sender);
      return { op: 'ok' };
    }
    case 'resetWindow': {
      windowStart = performance.now();
      unexpected = 0;
      for (const sender of senders) for (const stream of sender.streams) stream.sent = 0;
      for (const receiver of receivers.values())
        for (const stats of receiver.stats.values()) stats.resetWindow();
      return { op: 'ok' };
    }
    case 'snapshot':
      return {
        op: 'snapshot',
        snapshot: {
          windowMs: performance.now() - windowStart,
          sent: senders.flatMap((sender) =>
            sender.streams.map((s) => ({
              senderId: sender.id,
              ssrc: s.ssrc,
              packets: s.sent,
              totalPackets: s.totalSent,
              firstSentAt: s.firstSentAt,
              keyFramesAnswered: s.keyFramesAnswered,
            })),
          ),
          received: [...receivers.values()].flatMap((receiver) =>
            [...receiver.stats].map(([ssrc, stats]) => ({
              receiverId: receiver.id,
              ssrc,
              ...stats.figures(),
            })),
          ),
          unexpected,
        },
      };
    case 'clear':
      for (const sender of senders.splice(0)) sender.socket.close();
      for (const receiver of receivers.values()) receiver.socket.close();
      receivers.clear();
      return { op: 'ok' };
  }
}

process.on('message', (message: GeneratorCommand & { requestId: number }) => {
  handle(message).then(
    (answer) => process.send?.({ ...answer, requestId: message.requestId }),
    (error: unknown) =>
      process.send?.({ op: 'error', message: String(error), requestId: message.requestId }),
  );
});
process.on('disconnect', () => process.exit(0));
