import { useEffect, useMemo, useState } from 'react';
import { RoomStatusBar } from '../room/LiveRoom';
import { MediaTile } from '../room/MediaTile';
import { useLocalMedia } from '../room/local-media';
import { sideCameraAccess } from '../room/room-access';
import type { RoomAccess } from '../room/room-access';
import { useRoomText } from '../room/room-text';
import { useRoomClient } from '../room/use-room-client';
import '../room/room.css';

/**
 * /side-camera?code=… — opened on the candidate's phone from the QR code. The
 * one-time code is traded for the candidate's `side` room token; the phone
 * publishes video only and receives nothing.
 */
export default function SideCameraPage() {
  const { t, locale } = useRoomText();
  const code = useMemo(() => new URLSearchParams(window.location.search).get('code'), []);
  const [access, setAccess] = useState<RoomAccess | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    sideCameraAccess(code)
      .then((granted) => !cancelled && setAccess(granted))
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(
          code
            ? t('side.failed', { message: e instanceof Error ? e.message : String(e) })
            : t('side.noCode'),
        );
      });
    return () => {
      cancelled = true;
    };
    // The code is read once; the link is single-use.
  }, [code, t]);
  const local = useLocalMedia({ audio: false, video: access !== null, videoSource: 'side' });
  const sources = access && local.ready ? local.sources : null;
  const { state } = useRoomClient(access, sources, { receive: false, locale });
  return (
    <main className="room side-camera">
      <h1>{t('side.title')}</h1>
      {error ? <p role="alert">{error}</p> : null}
      {!access && !error ? <p role="status">{t('side.redeeming')}</p> : null}
      {access ? <RoomStatusBar state={state} /> : null}
      {local.error ? <p role="alert">{t('room.mediaDenied', { message: local.error })}</p> : null}
      {state.status === 'joined' ? <p>{t('side.live')}</p> : null}
      {local.stream ? (
        <MediaTile label={t('side.title')} stream={local.stream} self testId="self-tile" />
      ) : null}
    </main>
  );
}
