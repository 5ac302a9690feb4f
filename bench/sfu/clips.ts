import { execFile, spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseRtpHeader } from './rtp-stats';

/**
 * The synthetic media: a short clip per profile, encoded ONCE with ffmpeg
 * (VP8 / Opus), then packetised ONCE into RTP by ffmpeg (`-c copy -f rtp`)
 * and captured to a cache file. The load generator replays those packets
 * (rewriting SSRC, sequence numbers and timestamps per stream and loop), so
 * it spends no CPU on encoding or packetising.
 */

export type ProfileName = 'v720' | 'v360' | 'audio';

export interface Profile {
  name: ProfileName;
  kind: 'audio' | 'video';
  clockRate: number;
  /** Encoder settings (they key the cache). */
  kbps: number;
  ffmpegArgs: string[];
}

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export const CLIP_SECONDS = env('BENCH_CLIP_SECONDS', 10);

export function profiles(): Record<ProfileName, Profile> {
  const v720 = env('BENCH_V720_KBPS', 1200);
  const v360 = env('BENCH_V360_KBPS', 400);
  const video = (size: string, kbps: number) => [
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`,
    '-t', String(CLIP_SECONDS),
    '-c:v', 'libvpx', '-b:v', `${kbps}k`, '-minrate', `${kbps}k`, '-maxrate', `${kbps}k`,
    '-deadline', 'realtime', '-cpu-used', '8', '-g', '30', '-auto-alt-ref', '0',
    '-pix_fmt', 'yuv420p',
  ]; // prettier-ignore
  return {
    v720: { name: 'v720', kind: 'video', clockRate: 90000, kbps: v720, ffmpegArgs: video('1280x720', v720) },
    v360: { name: 'v360', kind: 'video', clockRate: 90000, kbps: v360, ffmpegArgs: video('640x360', v360) },
    audio: {
      name: 'audio', kind: 'audio', clockRate: 48000, kbps: 32,
      ffmpegArgs: [
        '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
        '-t', String(CLIP_SECONDS), '-ac', '2',
        '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20', '-application', 'voip',
      ],
    },
  }; // prettier-ignore
}

/** A packetised clip: RTP packets in send order, with their RTP timestamps relative to the first. */
export interface PacketisedClip {
  profile: ProfileName;
  clockRate: number;
  /** Length of one loop in RTP timestamp units (clip length, so loops join without a gap). */
  loopTs: number;
  packets: { ts: number; marker: boolean; payload: Buffer }[];
}

export const cacheDir = (): string =>
  path.join(
    process.env.YUNZHAO_CACHE_DIR ??
      path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'yunzhao'),
    'bench-sfu',
  );

const run = promisify(execFile);

/** The clip for a profile, from the cache, or encoded and packetised now (once). */
export async function loadClip(
  profile: Profile,
  log: (line: string) => void,
): Promise<PacketisedClip> {
  const dir = cacheDir();
  await fs.promises.mkdir(dir, { recursive: true });
  const key = `${profile.name}-${profile.kbps}k-${CLIP_SECONDS}s`;
  const rtpFile = path.join(dir, `${key}.rtp.json`);
  if (!fs.existsSync(rtpFile)) {
    const media = path.join(dir, `${key}.${profile.kind === 'video' ? 'webm' : 'ogg'}`);
    log(`encoding ${key} once (cache: ${dir})`);
    await run('ffmpeg', [
      '-nostdin',
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      ...profile.ffmpegArgs,
      media,
    ]);
    log(`packetising ${key} once`);
    // Loopback UDP can drop a packet on a busy machine: the capture is checked and retried.
    let clip: PacketisedClip | undefined;
    for (let attempt = 1; !clip; attempt++) {
      try {
        clip = await packetise(profile, media);
      } catch (error) {
        if (attempt >= 3) throw error;
        log(`${String(error)}; retrying`);
      }
    }
    const tmp = `${rtpFile}.${process.pid}.tmp`;
    await fs.promises.writeFile(
      tmp,
      JSON.stringify({
        ...clip,
        packets: clip.packets.map((p) => ({ ...p, payload: p.payload.toString('base64') })),
      }),
    );
    await fs.promises.rename(tmp, rtpFile);
  }
  const stored = JSON.parse(await fs.promises.readFile(rtpFile, 'utf8')) as Omit<
    PacketisedClip,
    'packets'
  > & {
    packets: { ts: number; marker: boolean; payload: string }[];
  };
  return {
    ...stored,
    packets: stored.packets.map((p) => ({ ...p, payload: Buffer.from(p.payload, 'base64') })),
  };
}

/** ffmpeg's RTP muxer (codec copy) into a local UDP socket; the payloads are kept. */
async function packetise(profile: Profile, media: string): Promise<PacketisedClip> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.setRecvBufferSize(4 * 1024 * 1024);
  const packets: { seq: number; ts: number; marker: boolean; payload: Buffer }[] = [];
  socket.on('message', (msg) => {
    const header = parseRtpHeader(msg);
    if (!header) return;
    const cc = msg[0] & 0x0f;
    const hasExtension = (msg[0] & 0x10) !== 0;
    let offset = 12 + cc * 4;
    if (hasExtension) offset += 4 + msg.readUInt16BE(offset + 2) * 4;
    packets.push({
      seq: header.sequenceNumber,
      ts: header.timestamp,
      marker: (msg[1] & 0x80) !== 0,
      payload: Buffer.from(msg.subarray(offset)),
    });
  });
  const { port } = socket.address();
  await new Promise<void>((resolve, reject) => {
    const ffmpeg = spawn(
      'ffmpeg',
      ['-nostdin', '-hide_banner', '-loglevel', 'error', '-readrate', '4', '-i', media, '-map', '0:0',
        '-c', 'copy', '-f', 'rtp', '-payload_type', profile.kind === 'video' ? '96' : '111',
        `rtp://127.0.0.1:${port}?pkt_size=1200`], // prettier-ignore
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    ffmpeg.once('error', reject);
    ffmpeg.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg rtp exited ${code}`)),
    );
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  socket.close();
  if (packets.length < 10)
    throw new Error(`packetising ${media} captured ${packets.length} packets`);
  for (let i = 1; i < packets.length; i++) {
    if (((packets[i - 1].seq + 1) & 0xffff) !== packets[i].seq)
      throw new Error(
        `packetising ${media}: sequence gap at ${i}; rerun (the cache was not written)`,
      );
  }
  const first = packets[0].ts;
  const rel = packets.map((p) => ({
    ts: (p.ts - first + 2 ** 32) % 2 ** 32,
    marker: p.marker,
    payload: p.payload,
  }));
  return {
    profile: profile.name,
    clockRate: profile.clockRate,
    loopTs: Math.round(CLIP_SECONDS * profile.clockRate),
    packets: rel,
  };
}
