import { useEffect, useMemo, useState } from 'react';
import { ApiError, apiFetch } from '../../api';
import type {
  RoomPublication,
  ScoreConfirmedEvent,
  ScoreCorrectedEvent,
  ScorePublishedEvent,
} from '../../../../../libs/contracts/src/scoring-events';
import type { ScoreFeed, ScoreFeedEvent } from '../scoring/use-score-feed';
import type { RoomSnapshot } from '../../../../../libs/contracts/src/room';
import type { RoomClient, RoomClientState } from './room-client';

/** What the page knows of one publication, from the api's list and the room's events. */
interface Known {
  published: ScorePublishedEvent | null;
  confirmed: ScoreConfirmedEvent | null;
  /** By correction id. */
  corrections: Map<string, ScoreCorrectedEvent>;
}

/** By publication id. */
type Ledger = ReadonlyMap<string, Known>;

const blank = (): Known => ({ published: null, confirmed: null, corrections: new Map() });

/** The ledger with one publication changed (a new map and record: state is never mutated). */
function withEntry(ledger: Ledger, publicationId: string, change: (known: Known) => Known): Ledger {
  const current = ledger.get(publicationId) ?? blank();
  const next = new Map(ledger);
  next.set(publicationId, change({ ...current, corrections: new Map(current.corrections) }));
  return next;
}

/**
 * Adds what the api lists to what the room said: one entry per publication, the later word
 * wins. A confirmation or correction is never taken back, so a list read before the room
 * announced one (the request crossed the event) does not hide it.
 */
function withListed(ledger: Ledger, listed: readonly RoomPublication[]): Ledger {
  let next = ledger;
  for (const item of listed) {
    next = withEntry(next, item.published.publicationId, (known) => {
      for (const c of item.corrections) known.corrections.set(c.correctionId, c);
      return {
        published: item.published,
        confirmed: item.confirmed ?? known.confirmed,
        corrections: known.corrections,
      };
    });
  }
  return next;
}

const ORDER: Record<ScoreFeedEvent['kind'], number> = { published: 0, corrected: 1, confirmed: 2 };

const timeOf = (entry: ScoreFeedEvent) =>
  Date.parse(
    entry.kind === 'published'
      ? entry.event.publishedAt
      : entry.kind === 'confirmed'
        ? entry.event.confirmedAt
        : entry.event.approvedAt,
  );

/** The feed in the order things happened (server times), each event once. */
function eventsOf(ledger: Ledger): ScoreFeedEvent[] {
  const events: ScoreFeedEvent[] = [];
  for (const known of ledger.values()) {
    if (known.published) events.push({ kind: 'published', event: known.published });
    for (const event of known.corrections.values()) events.push({ kind: 'corrected', event });
    if (known.confirmed) events.push({ kind: 'confirmed', event: known.confirmed });
  }
  return events.sort((a, b) => timeOf(a) - timeOf(b) || ORDER[a.kind] - ORDER[b.kind]);
}

const refusal = (status: number) =>
  status >= 400 && status < 500 && status !== 408 && status !== 429;

/** Retries of a list that failed (api unreachable), while the page stays in the same join. */
const RETRY_MS = [1000, 3000, 8000, 15_000];

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
    let stopped = false;
    let join = 0;
    let wasJoined = false;
    let timer: number | undefined;
    const change = (publicationId: string, update: (known: Known) => Known) =>
      setLedger((current) => withEntry(current, publicationId, update));
    const load = (sessionId: string, ofJoin: number, attempt: number) => {
      apiFetch<RoomPublication[]>(`/scoring/sessions/${sessionId}/publications`)
        .then((listed) => {
          if (stopped) return;
          setLedger((current) => withListed(current, listed));
          if (ofJoin === join) setHistory('loaded');
        })
        .catch((error: unknown) => {
          if (stopped || ofJoin !== join) return;
          setHistory('failed');
          // Refused (no longer in the session): asking again will not help; the room still talks.
          if (error instanceof ApiError && refusal(error.status)) return;
          const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
          timer = window.setTimeout(() => load(sessionId, ofJoin, attempt + 1), delay);
        });
    };
    const reread = (room: RoomSnapshot) => {
      if (room.mock || room.self.role === 'proctor') return;
      join++;
      window.clearTimeout(timer);
      setHistory('loading');
      load(room.sessionId, join, 0);
    };
    const watch = (state: RoomClientState) => {
      const room = state.status === 'joined' ? state.room : null;
      if (room && !wasJoined) reread(room);
      wasJoined = room !== null;
    };
    const stops = [
      client.onRoomEvent('scorePublished', (event) =>
        change(event.publicationId, (known) => ({ ...known, published: event })),
      ),
      client.onRoomEvent('scoreConfirmed', (event) =>
        change(event.publicationId, (known) => ({ ...known, confirmed: event })),
      ),
      client.onRoomEvent('scoreCorrected', (event) =>
        change(event.publicationId, (known) => {
          known.corrections.set(event.correctionId, event);
          return known;
        }),
      ),
      client.subscribe(watch),
      // The media node lost Redis for a while: a score may not have arrived.
      client.onRoomEvent('resync', () => {
        const { status, room } = client.state;
        if (status === 'joined' && room) reread(room);
      }),
    ];
    watch(client.state);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stops.forEach((stop) => stop());
      setLedger(new Map());
      setHistory('loading');
    };
  }, [client]);
  const events = useMemo(() => eventsOf(ledger), [ledger]);
  return { status: joined ? 'joined' : 'connecting', events, history };
}
