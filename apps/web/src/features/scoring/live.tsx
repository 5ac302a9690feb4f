import { useEffect, useState } from 'react';
import type { PageProps } from '../../navigation';
import { sessionRoomAccess } from '../room/room-access';
import type { RoomAccess } from '../room/room-access';
import { ScoreFeedPanel } from './ScoreFeedPanel';
import { useScoringText } from './scoring-text';
import { useScoreFeed } from './use-score-feed';

/**
 * /score-live/:sessionId — the score as announced in the room, for a candidate (their own
 * score) or anyone else in the session (the announcement). Enters with the session's room pass.
 */
export default function ScoreLivePage({ path }: PageProps) {
  const { t, locale } = useScoringText();
  const sessionId = path.split('/')[2] ?? '';
  const [access, setAccess] = useState<RoomAccess | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    // The pass comes from the api with the user's session: never from the URL.
    sessionRoomAccess(sessionId)
      .then((granted) => !cancelled && setAccess(granted))
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [sessionId]);
  const feed = useScoreFeed(access, locale);
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('scoring.live')}</h1>
      </header>
      {error ? <p role="alert">{error}</p> : <ScoreFeedPanel feed={feed} />}
    </div>
  );
}
