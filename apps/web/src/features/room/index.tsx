import { useEffect, useState } from 'react';
import type { PageProps } from '../../navigation';
import { LiveRoom } from './LiveRoom';
import { sessionRoomAccess } from './room-access';
import type { RoomAccess } from './room-access';
import { useRoomText } from './room-text';

/** /room/:sessionId — the live interview room of one session. */
export default function RoomPage({ path }: PageProps) {
  const { t } = useRoomText();
  const sessionId = path.split('/')[2] ?? '';
  const [access, setAccess] = useState<RoomAccess | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!sessionId) return;
    let cancelled = false;
    sessionRoomAccess(sessionId)
      .then((granted) => !cancelled && setAccess(granted))
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [sessionId]);
  if (!sessionId) return <p>{t('room.noSession')}</p>;
  if (error) return <p role="alert">{t('room.accessFailed', { message: error })}</p>;
  if (!access) return <p role="status">{t('room.loading')}</p>;
  return <LiveRoom access={access} />;
}
