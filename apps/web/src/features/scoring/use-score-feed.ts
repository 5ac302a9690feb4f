import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ListenState,
  RoomConnectionMode,
  ServerToClientEvents,
} from '../../../../../libs/contracts/src/room';
import type {
  ScoreConfirmedEvent,
  ScoreCorrectedEvent,
  ScorePublishedEvent,
} from '../../../../../libs/contracts/src/scoring-events';
import type { RoomAccess } from '../room/room-access';

export type ScoreFeedEvent =
  | { kind: 'published'; event: ScorePublishedEvent }
  | { kind: 'confirmed'; event: ScoreConfirmedEvent }
  | { kind: 'corrected'; event: ScoreCorrectedEvent };

export interface ScoreFeed {
  status: 'offline' | 'connecting' | 'joined' | 'refused';
  events: ScoreFeedEvent[];
  /** Staff connections only: the room's open turn, as the media node last reported it. */
  turn?: ListenState['turn'];
}

const LISTEN: RoomConnectionMode = 'listen';

/**
 * Listens to the room's score events over a listen-only signaling connection:
 * authenticated by the room pass the api issued for the user's session, it is
 * no peer in the room (no media, no messages), so it never takes over the
 * person's own room connection. When the media node cuts it because its pass
 * expired, it reconnects with a fresh pass from the api.
 */
export function useScoreFeed(access: RoomAccess | null, locale: string): ScoreFeed {
  const [feed, setFeed] = useState<ScoreFeed>({
    status: access ? 'connecting' : 'offline',
    events: [],
  });
  useEffect(() => {
    if (!access) return;
    let token = access.token;
    let connectedBefore = false;
    const livePass = async () => {
      if (connectedBefore && access.renew) {
        try {
          token = (await access.renew()).token;
        } catch {
          // The api refused (window closed) or is unreachable: the media node will say why.
        }
      }
      return token;
    };
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(access.mediaUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnectionDelay: 300,
      reconnectionDelayMax: 2000,
      auth: (send) =>
        void livePass().then((pass) =>
          send({ token: pass, sessionId: access.sessionId, locale, mode: LISTEN }),
        ),
    });
    setFeed((c) => ({ ...c, status: 'connecting' }));
    const add = (entry: ScoreFeedEvent) =>
      setFeed((current) => ({ ...current, events: [...current.events, entry] }));
    socket.on('scorePublished', (event) => add({ kind: 'published', event }));
    socket.on('scoreConfirmed', (event) => add({ kind: 'confirmed', event }));
    socket.on('scoreCorrected', (event) => add({ kind: 'corrected', event }));
    socket.on('listenState', (state) => setFeed((c) => ({ ...c, turn: state.turn })));
    socket.on('connect', () => {
      connectedBefore = true;
      setFeed((c) => ({ ...c, status: 'joined' }));
    });
    socket.on('disconnect', (reason) => {
      setFeed((c) => ({ ...c, status: 'connecting' }));
      // Cut by the media node (expired pass): come back with a fresh one.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', () => {
      if (!socket.active) setFeed((c) => ({ ...c, status: 'refused' }));
    });
    return () => {
      socket.close();
    };
  }, [access, locale]);
  return feed;
}
