import { useEffect, useState } from 'react';
import type { ListenState, RoomConnectionMode } from '../../../../../libs/contracts/src/room';
import type {
  ScoreConfirmedEvent,
  ScoreCorrectedEvent,
  ScorePublishedEvent,
} from '../../../../../libs/contracts/src/scoring-events';
import type { RoomAccess } from '../room/room-access';
import { openSessionSocket } from '../room/session-socket';

export type ScoreFeedEvent =
  | { kind: 'published'; event: ScorePublishedEvent }
  | { kind: 'confirmed'; event: ScoreConfirmedEvent }
  | { kind: 'corrected'; event: ScoreCorrectedEvent };

export interface ScoreFeed {
  status: 'offline' | 'connecting' | 'joined' | 'refused';
  events: ScoreFeedEvent[];
  /** Staff connections only: the room's open turn, as the media node last reported it. */
  turn?: ListenState['turn'];
  /** The room page only: the scores published before it (re)joined, read from the api. */
  history?: 'loading' | 'loaded' | 'failed';
}

const LISTEN: RoomConnectionMode = 'listen';

/**
 * Listens to the room's score events over a listen-only signaling connection:
 * authenticated by the room pass the api issued for the user's session, it is
 * no peer in the room (no media, no messages), so it never takes over the
 * person's own room connection. When the media node cuts it because its pass
 * expired, it reconnects with a fresh pass from the api; when its media node dies,
 * it follows the session to the node the api names (session-socket.ts).
 */
export function useScoreFeed(access: RoomAccess | null, locale: string): ScoreFeed {
  const [feed, setFeed] = useState<ScoreFeed>({
    status: access ? 'connecting' : 'offline',
    events: [],
  });
  useEffect(() => {
    if (!access) return;
    const { socket, close } = openSessionSocket({
      mediaUrl: access.mediaUrl,
      token: access.token,
      renew: access.renew,
      handshake: { sessionId: access.sessionId, locale, mode: LISTEN },
      onRefused: () => setFeed((c) => ({ ...c, status: 'refused' })),
    });
    setFeed((c) => ({ ...c, status: 'connecting' }));
    const add = (entry: ScoreFeedEvent) =>
      setFeed((current) => ({ ...current, events: [...current.events, entry] }));
    socket.on('scorePublished', (event) => add({ kind: 'published', event }));
    socket.on('scoreConfirmed', (event) => add({ kind: 'confirmed', event }));
    socket.on('scoreCorrected', (event) => add({ kind: 'corrected', event }));
    socket.on('listenState', (state) => setFeed((c) => ({ ...c, turn: state.turn })));
    socket.on('connect', () => setFeed((c) => ({ ...c, status: 'joined' })));
    socket.on('disconnect', () => setFeed((c) => ({ ...c, status: 'connecting' })));
    socket.connect();
    return close;
  }, [access, locale]);
  return feed;
}
