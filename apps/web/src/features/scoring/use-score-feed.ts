import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
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
}

/**
 * Listens to the room's score events with a signaling connection that carries no media: it
 * joins the room (which is what puts it in the session's channels) with the router's own
 * capabilities, then only receives.
 */
export function useScoreFeed(access: RoomAccess | null, locale: string): ScoreFeed {
  const [feed, setFeed] = useState<ScoreFeed>({
    status: access ? 'connecting' : 'offline',
    events: [],
  });
  useEffect(() => {
    if (!access) return;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(access.mediaUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: access.token, sessionId: access.sessionId, locale },
    });
    const add = (entry: ScoreFeedEvent) =>
      setFeed((current) => ({ ...current, events: [...current.events, entry] }));
    socket.on('scorePublished', (event) => add({ kind: 'published', event }));
    socket.on('scoreConfirmed', (event) => add({ kind: 'confirmed', event }));
    socket.on('scoreCorrected', (event) => add({ kind: 'corrected', event }));
    socket.on('connect', () => {
      socket.emit('getRouterRtpCapabilities', {}, (caps) => {
        if ('error' in caps) return setFeed((c) => ({ ...c, status: 'refused' }));
        socket.emit('join', { rtpCapabilities: caps.rtpCapabilities }, (reply) =>
          setFeed((c) => ({ ...c, status: 'error' in reply ? 'refused' : 'joined' })),
        );
      });
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
