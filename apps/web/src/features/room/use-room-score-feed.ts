import { useEffect, useMemo, useState } from 'react';
import type { RoomSnapshot } from '../../../../../libs/contracts/src/room';
import type { ScoreFeed } from '../scoring/use-score-feed';
import { eventsOf, readPublications, withEvent, withListed } from '../scoring/score-ledger';
import type { Ledger, ScoreFeedEvent } from '../scoring/score-ledger';
import type { RoomClient, RoomClientState } from './room-client';

/**
 * The session's scores in the room page: those published before the page (re)joined, read from
 * the api on every join (first entry, reload, reconnection after a blip or a media node restart,
 * or an event the room missed while the media node's Redis subscription was down), merged with
 * those the room announces on its own connection (a second connection of the same person would
 * take over this one), each publication once.
 */
export function useRoomScoreFeed(client: RoomClient | null, joined: boolean): ScoreFeed {
  const [ledger, setLedger] = useState<Ledger>(() => new Map());
  const [history, setHistory] = useState<ScoreFeed['history']>('loading');
  useEffect(() => {
    if (!client) return;
    let wasJoined = false;
    let cancelRead = () => {};
    const add = (entry: ScoreFeedEvent) => setLedger((current) => withEvent(current, entry));
    const reread = (room: RoomSnapshot) => {
      if (room.mock || room.self.role === 'proctor') return;
      cancelRead();
      setHistory('loading');
      cancelRead = readPublications(room.sessionId, {
        listed: (listed) => {
          setLedger((current) => withListed(current, listed));
          setHistory('loaded');
        },
        failed: () => setHistory('failed'),
      });
    };
    const watch = (state: RoomClientState) => {
      const room = state.status === 'joined' ? state.room : null;
      if (room && !wasJoined) reread(room);
      wasJoined = room !== null;
    };
    const stops = [
      client.onRoomEvent('scorePublished', (event) => add({ kind: 'published', event })),
      client.onRoomEvent('scoreConfirmed', (event) => add({ kind: 'confirmed', event })),
      client.onRoomEvent('scoreCorrected', (event) => add({ kind: 'corrected', event })),
      client.subscribe(watch),
      // The media node lost Redis for a while: a score may not have arrived.
      client.onRoomEvent('resync', () => {
        const { status, room } = client.state;
        if (status === 'joined' && room) reread(room);
      }),
    ];
    watch(client.state);
    return () => {
      cancelRead();
      stops.forEach((stop) => stop());
      setLedger(new Map());
      setHistory('loading');
    };
  }, [client]);
  const events = useMemo(() => eventsOf(ledger), [ledger]);
  return { status: joined ? 'joined' : 'connecting', events, history };
}
