import type { types as ms } from 'mediasoup';
import type { PortPair } from './port-allocator';

/** The container a codec is copied into: WebM for VP8/VP9/Opus, Matroska for anything else (H264). */
export function containerFor(mimeType: string): 'webm' | 'mkv' {
  const codec = mimeType.split('/')[1]?.toLowerCase();
  return codec === 'vp8' || codec === 'vp9' || codec === 'opus' ? 'webm' : 'mkv';
}

/** `<sessionId>/<recordingId>/<seq padded to 4>.<container>`: where a segment's file lives. */
export function segmentStorageKey(
  sessionId: string,
  recordingId: string,
  seq: number,
  container: string,
): string {
  return `${sessionId}/${recordingId}/${String(seq).padStart(4, '0')}.${container}`;
}

/**
 * The SDP ffmpeg reads to receive one consumer's RTP on `ports`. It must carry
 * the consumer's payload type (the router assigns it): with the producer's,
 * ffmpeg drops every packet and writes an empty file.
 */
export function recorderSdp(
  rtpParameters: ms.RtpParameters,
  kind: string,
  ports: PortPair,
): string {
  const codec = rtpParameters.codecs.find((c) => !/\/(rtx|red|ulpfec)$/i.test(c.mimeType));
  if (!codec) throw new Error('the consumer has no media codec');
  const name = codec.mimeType.split('/')[1];
  const channels = kind === 'audio' && codec.channels ? `/${codec.channels}` : '';
  const fmtp = Object.entries(codec.parameters ?? {})
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(';');
  const lines = [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=yunzhao recorder',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${kind} ${ports.rtp} RTP/AVP ${codec.payloadType}`,
    `a=rtcp:${ports.rtcp}`,
    `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`,
    ...(fmtp ? [`a=fmtp:${codec.payloadType} ${fmtp}`] : []),
    'a=recvonly',
  ];
  return `${lines.join('\n')}\n`;
}

/** Seconds of silence after which ffmpeg finalises its file and exits. */
export const SILENCE_TIMEOUT_S = 3;

/**
 * ffmpeg's arguments: read the SDP from stdin (so ffmpeg can be started before
 * the stream it will record is known: see FfmpegPool), copy every stream as it
 * comes, flush each packet to disk.
 */
export function ffmpegArgs(outputPath: string, container: 'webm' | 'mkv'): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'warning',
    '-nostdin',
    '-protocol_whitelist',
    'pipe,udp,rtp',
    // After this many seconds without a packet ffmpeg ends the file properly and exits 0:
    // how a stop completes once the producer is gone (SIGINT alone waits for a packet).
    // The clock starts once the SDP is read: a waiting ffmpeg does not time out.
    '-listen_timeout',
    String(SILENCE_TIMEOUT_S),
    '-f',
    'sdp',
    '-i',
    'pipe:0',
    '-map',
    '0',
    '-c',
    'copy',
    // A crash (SIGKILL) then still leaves every packet so far on disk.
    '-flush_packets',
    '1',
    '-f',
    container === 'webm' ? 'webm' : 'matroska',
    '-y',
    outputPath,
  ];
}
