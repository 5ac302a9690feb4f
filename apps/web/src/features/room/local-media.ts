import { useEffect, useState } from 'react';
import type { LocalSource } from './room-client';

export interface LocalMedia {
  stream: MediaStream | null;
  sources: LocalSource[];
  error: string | null;
  ready: boolean;
}

/**
 * Camera and microphone for the room. Processing is off: the panel judges a
 * candidate's real voice, and tests measure the real level.
 */
export function useLocalMedia(want: {
  audio: boolean;
  video: boolean;
  videoSource?: 'camera' | 'side';
}): LocalMedia {
  const [media, setMedia] = useState<LocalMedia>({
    stream: null,
    sources: [],
    error: null,
    ready: false,
  });
  const { audio, video, videoSource = 'camera' } = want;
  useEffect(() => {
    if (!audio && !video) {
      setMedia({ stream: null, sources: [], error: null, ready: true });
      return;
    }
    let cancelled = false;
    let stream: MediaStream | null = null;
    navigator.mediaDevices
      .getUserMedia({
        audio: audio
          ? { echoCancellation: false, noiseSuppression: false, autoGainControl: false }
          : false,
        video: video ? { width: { ideal: 640 }, height: { ideal: 480 } } : false,
      })
      .then((granted) => {
        stream = granted;
        if (cancelled) return granted.getTracks().forEach((t) => t.stop());
        const sources: LocalSource[] = [
          ...granted.getAudioTracks().map((track) => ({ track, source: 'mic' as const })),
          ...granted.getVideoTracks().map((track) => ({ track, source: videoSource })),
        ];
        setMedia({ stream: granted, sources, error: null, ready: true });
      })
      .catch((error: unknown) => {
        if (!cancelled)
          setMedia({
            stream: null,
            sources: [],
            error: error instanceof Error ? error.message : String(error),
            ready: true,
          });
      });
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [audio, video, videoSource]);
  return media;
}
