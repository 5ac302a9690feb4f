import { useEffect, useState } from 'react';
import type { ScoreFeed, ScoreFeedEvent } from '../scoring/use-score-feed';
import type { RoomClient } from './room-client';

/**
 * The published scores as they arrive on the room's own connection (a second
 * connection of the same person would take over this one).
 */
export function useRoomScoreFeed(client: RoomClient | null, joined: boolean): ScoreFeed {
  const [events, setEvents] = useState<ScoreFeedEvent[]>([]);
  useEffect(() => {
    if (!client) return;
    const add = (entry: ScoreFeedEvent) => setEvents((current) => [...current, entry]);
    const stops = [
      client.onRoomEvent('scorePublished', (event) => add({ kind: 'published', event })),
      client.onRoomEvent('scoreConfirmed', (event) => add({ kind: 'confirmed', event })),
      client.onRoomEvent('scoreCorrected', (event) => add({ kind: 'corrected', event })),
    ];
    return () => stops.forEach((stop) => stop());
  }, [client]);
  return { status: joined ? 'joined' : 'connecting', events };
}
