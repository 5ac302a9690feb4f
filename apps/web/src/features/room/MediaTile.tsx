import { useEffect, useRef } from 'react';
import type { RemoteTrack } from './room-client';
import { useRoomText } from './room-text';

interface MediaTileProps {
  label: string;
  /** Remote tracks of one connection, or a local stream (self view). */
  tracks?: RemoteTrack[];
  stream?: MediaStream | null;
  self?: boolean;
  size?: 'large' | 'normal' | 'small';
  testId?: string;
}

/**
 * One person's (or one camera's) picture and sound. The data-* attributes
 * carry what the receiver decoded, so operators and tests can check media
 * without guessing from pixels.
 */
export function MediaTile({
  label,
  tracks = [],
  stream,
  self = false,
  size = 'normal',
  testId,
}: MediaTileProps) {
  const { t } = useRoomText();
  const videoRef = useRef<HTMLVideoElement>(null);
  const trackKey = tracks.map((r) => r.track.id).join(',');
  useEffect(() => {
    const element = videoRef.current;
    if (!element) return;
    element.srcObject = stream ?? new MediaStream(tracks.map((r) => r.track));
    element.play().catch(() => {
      // Autoplay with sound may be blocked until the user interacts: start muted.
      element.muted = true;
      void element.play().catch(() => undefined);
    });
    // trackKey stands for `tracks`: a new array each render, the same tracks.
  }, [stream, trackKey]);
  const video = tracks.find((r) => r.kind === 'video');
  const audio = tracks.find((r) => r.kind === 'audio');
  const first = tracks[0];
  return (
    <figure
      className={`room-tile room-tile--${size}`}
      data-testid={testId}
      data-role={first?.role}
      data-user={first?.userId}
      data-source={video?.source ?? audio?.source}
      data-consumer={video?.consumerId ?? audio?.consumerId}
      data-frames-decoded={video?.stats?.framesDecoded ?? 0}
      data-audio-samples={audio?.stats?.totalSamplesReceived ?? 0}
      data-audio-packets={audio?.stats?.packetsReceived ?? 0}
    >
      <video ref={videoRef} autoPlay playsInline muted={self} />
      <figcaption>
        <span>{self ? `${label}（${t('room.you')}）` : label}</span>
        {video?.stats?.frameWidth ? (
          <span className="room-tile__stats">
            {t('room.stats', {
              width: video.stats.frameWidth,
              height: video.stats.frameHeight ?? 0,
              fps: Math.round(video.stats.framesPerSecond ?? 0),
            })}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
