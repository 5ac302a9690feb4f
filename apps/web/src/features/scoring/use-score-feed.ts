import { useEffect, useMemo, useState } from 'react';
import type { ListenState, RoomConnectionMode } from '../../../../../libs/contracts/src/room';
import type { RoomAccess } from '../room/room-access';
import { openSessionSocket } from '../room/session-socket';
import { eventsOf, readPublications, withEvent, withListed } from './score-ledger';
import type { Ledger, ScoreFeedEvent } from './score-ledger';

export interface ScoreFeed {
  status: 'offline' | 'connecting' | 'joined' | 'refused';
  events: ScoreFeedEvent[];
  /** Staff connections only: the room's open turn, as the media node last reported it. */
  turn?: ListenState['turn'];
  /** The scores published before the page (re)connected, read from the api. */
  history?: 'loading' | 'loaded' | 'failed';
}

const LISTEN: RoomConnectionMode = 'listen';

/**
 * Listens to the room's score events over a listen-only signaling connection:
 * authenticated by the room pass the api issued for the user's session, it is
 * no peer in the room (no media, no messages), so it never takes over the
 * person's own room connection. When the media node cuts it because its pass
 * expired, it reconnects with a fresh pass from the api; when its media node dies,
 * it follows the session to the node the api names (session-socket.ts). On every
 * (re)connection, and when the media node says it may have missed events (`resync`),
 * it reads the session's published scores from the api, so the feed also lists those
 * announced before the page opened or while it was disconnected.
 */
export function useScoreFeed(access: RoomAccess | null, locale: string): ScoreFeed {
  const [status, setStatus] = useState<ScoreFeed['status']>(access ? 'connecting' : 'offline');
  const [turn, setTurn] = useState<ScoreFeed['turn']>();
  const [ledger, setLedger] = useState<Ledger>(() => new Map());
  const [history, setHistory] = useState<ScoreFeed['history']>();
  useEffect(() => {
    if (!access) return;
    let cancelRead = () => {};
    const reread = () => {
      cancelRead();
      setHistory('loading');
      cancelRead = readPublications(access.sessionId, {
        listed: (listed) => {
          setLedger((current) => withListed(current, listed));
          setHistory('loaded');
        },
        failed: () => setHistory('failed'),
      });
    };
    const { socket, close } = openSessionSocket({
      mediaUrl: access.mediaUrl,
      token: access.token,
      renew: access.renew,
      handshake: { sessionId: access.sessionId, locale, mode: LISTEN },
      onRefused: () => setStatus('refused'),
    });
    setStatus('connecting');
    const add = (entry: ScoreFeedEvent) => setLedger((current) => withEvent(current, entry));
    socket.on('scorePublished', (event) => add({ kind: 'published', event }));
    socket.on('scoreConfirmed', (event) => add({ kind: 'confirmed', event }));
    socket.on('scoreCorrected', (event) => add({ kind: 'corrected', event }));
    socket.on('listenState', (state) => setTurn(state.turn));
    socket.on('resync', reread);
    socket.on('connect', () => {
      setStatus('joined');
      reread();
    });
    socket.on('disconnect', () => setStatus('connecting'));
    socket.connect();
    return () => {
      cancelRead();
      close();
      setLedger(new Map());
      setHistory(undefined);
    };
  }, [access, locale]);
  const events = useMemo(() => eventsOf(ledger), [ledger]);
  return { status, events, turn, history };
}
