import type { ProfileName } from './clips';

/** A seat of a product-shaped room and what it publishes (camera + mic), if anything. */
export interface Seat {
  key: string;
  role: 'candidate' | 'chief_examiner' | 'examiner' | 'supervisor';
  video: ProfileName | null;
}

/** 1 candidate (720p-class) + 5 examiners (the chief and four, 360p-class) + 1 supervisor (receive only). */
export const ROOM_SHAPE: readonly Seat[] = [
  { key: 'candidate', role: 'candidate', video: 'v720' },
  { key: 'chief', role: 'chief_examiner', video: 'v360' },
  ...[1, 2, 3, 4].map((n) => ({
    key: `examiner${n}`,
    role: 'examiner' as const,
    video: 'v360' as const,
  })),
  { key: 'supervisor', role: 'supervisor', video: null },
];

/**
 * Who receives whom once the candidate is called into the interview: the
 * platform's rules (apps/media/src/rooms/room-rules.ts) for this shape; the
 * bare baseline wires the same graph by hand.
 */
export function receives(viewer: Seat, source: Seat): boolean {
  if (viewer.key === source.key || source.video === null) return false;
  if (viewer.role === 'supervisor') return true;
  if (viewer.role === 'candidate') return source.role !== 'candidate';
  return true;
}

export const RTP_CODECS = {
  video: {
    mimeType: 'video/VP8',
    payloadType: 96,
    clockRate: 90000,
    rtcpFeedback: [
      { type: 'nack' },
      { type: 'nack', parameter: 'pli' },
      { type: 'ccm', parameter: 'fir' },
    ],
  },
  audio: {
    mimeType: 'audio/opus',
    payloadType: 111,
    clockRate: 48000,
    channels: 2,
    parameters: { useinbandfec: 1 },
  },
} as const;

/** The producer RTP parameters a synthetic publisher declares for one stream. */
export function producerRtpParameters(kind: 'audio' | 'video', ssrc: number, cname: string) {
  const codec = RTP_CODECS[kind];
  return {
    codecs: [{ ...codec, rtcpFeedback: 'rtcpFeedback' in codec ? [...codec.rtcpFeedback] : [] }],
    headerExtensions: [],
    encodings: [{ ssrc }],
    rtcp: { cname, reducedSize: true },
  };
}

/** Receive capabilities without RTX or header extensions: plain forwarded media only. */
export function plainReceiveCapabilities<T extends { codecs?: { mimeType: string }[] }>(
  caps: T,
): T {
  return {
    ...caps,
    codecs: (caps.codecs ?? []).filter((c) => !c.mimeType.toLowerCase().endsWith('/rtx')),
    headerExtensions: [],
  };
}
